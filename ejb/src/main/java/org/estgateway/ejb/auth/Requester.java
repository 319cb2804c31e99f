// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.auth;

import org.estgateway.ejb.pki.CertificateDer;

/** Who an EST request is, once authenticated (SPEC §4). Plain values: the policy classes stay pure. */
public sealed interface Requester {
    String AUTH_TLS = "TLS_CERTIFICATE";
    String AUTH_BASIC = "HTTP_BASIC";

    /** How the requester authenticated, as stored and audited. */
    String authMethod();

    /** The identity as stored and audited: a device name or a certificate's subject and serial. */
    String identity();

    long deviceId();

    /** A preregistered device that logged in with HTTP Basic; registered values are null when unset. */
    record DeviceLogin(long deviceId, String commonName, String serialNumber, String ipAddress, String dnsName)
            implements Requester {
        @Override
        public String authMethod() {
            return AUTH_BASIC;
        }

        @Override
        public String identity() {
            return commonName;
        }
    }

    /**
     * A TLS client certificate this gateway issued (verified, known, not revoked), with the officer roles
     * granted to it (loaded on RA handlers only, else empty).
     */
    record CertificateLogin(long certificateId, long deviceId, CertificateDer certificate,
            java.util.Set<String> roles) implements Requester {
        @Override
        public String authMethod() {
            return AUTH_TLS;
        }

        @Override
        public String identity() {
            return certificate.holder().getSubject() + " #" + certificate.serial().hex();
        }
    }
}
