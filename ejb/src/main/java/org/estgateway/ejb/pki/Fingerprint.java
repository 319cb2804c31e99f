// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.pki;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A lower-case hex SHA-256 digest. */
public record Fingerprint(String hex) {
    public static Fingerprint sha256(byte[] data) {
        try {
            return new Fingerprint(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    @Override
    public String toString() {
        return hex;
    }
}
