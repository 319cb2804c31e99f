// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.enroll;

import org.estgateway.ejb.pki.CertsOnly;

/** What an enrollment produced. Refusals are exceptions; outcomes are what a client receives with 2xx. */
public sealed interface EnrollmentOutcome {
    /** The requester as logged. */
    String identity();

    /** RFC 7030 §4.2.3: the issued certificate as certs-only CMS. */
    record Issued(CertsOnly certsOnly, String identity, String serialHex) implements EnrollmentOutcome {
    }

    /** RFC 7030 §4.2.3: 202 Accepted, come back after {@code retryAfter} (manual authorization, SPEC §8). */
    record Pending(java.time.Duration retryAfter, String identity, long requestId) implements EnrollmentOutcome {
    }

    /**
     * RFC 7030 §4.4.2: the certificate and the private key the gateway generated for it, as an unencrypted
     * PKCS#8 PrivateKeyInfo (protected by TLS). Never stored or logged.
     */
    record KeyGenerated(CertsOnly certsOnly, byte[] pkcs8, String identity, String serialHex)
            implements EnrollmentOutcome {
        @Override
        public String toString() {
            return "KeyGenerated[" + identity + ", " + serialHex + "]";
        }
    }
}
