// SPDX-License-Identifier: Apache-2.0
package org.estgateway.persistence.crl;

/** A row of table crl: a CRL as signed (DER) by one key generation of a CA (V13), and what it was built from. */
public record StoredCrl(String ca, int generation, CrlHead head, int revokedCount, byte[] der, String sha256, String createdBy) {
    public long number() {
        return head.number();
    }
}
