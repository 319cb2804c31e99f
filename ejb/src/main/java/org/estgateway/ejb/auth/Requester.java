// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.auth;

import org.estgateway.ejb.pki.CertificateDer;

/** Who an EST request is, once authenticated (SPEC §4). Plain values: the policy classes stay pure. */
public sealed interface Requester {
    String AUTH_TLS = "TLS_CERTIFICATE";
    String AUTH_BASIC = "HTTP_BASIC";
    String AUTH_DIGEST = "HTTP_DIGEST";
    String AUTH_FACTORY = "FACTORY_CERTIFICATE";

    /** How the requester authenticated, as stored and audited. */
    String authMethod();

    /** The identity as stored and audited: a device name or a certificate's subject and serial. */
    String identity();

    long deviceId();

    /** A preregistered device that logged in with HTTP Basic; registered values are null when unset. */
    record DeviceLogin(long deviceId, String commonName, String serialNumber, String ipAddress, String dnsName,
            String authMethod) implements Requester {
        public DeviceLogin(long deviceId, String commonName, String serialNumber, String ipAddress, String dnsName) {
            this(deviceId, commonName, serialNumber, ipAddress, dnsName, AUTH_BASIC);
        }

        @Override
        public String identity() {
            return commonName;
        }
    }

    /**
     * A preregistered factory (IDevID) certificate, verified against the manufacturer trust anchors, bound to
     * {@code commonName}. {@code deviceId} is the device of that name if it exists (-1 when it is registered
     * at issuance); {@code password} is the device's own login when the procedure demands one as well.
     */
    record FactoryLogin(long factoryId, String commonName, String serialNumber, long deviceId, CertificateDer certificate)
            implements Requester {
        @Override
        public String authMethod() {
            return AUTH_FACTORY;
        }

        @Override
        public String identity() {
            return "factory " + certificate.holder().getSubject() + " #" + certificate.serial().hex() + " for " + commonName;
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
