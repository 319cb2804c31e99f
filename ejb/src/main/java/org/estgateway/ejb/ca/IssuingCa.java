// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca;

import java.time.Instant;
import java.util.List;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.ejb.pki.CertsOnly;
import org.estgateway.ejb.pki.SerialNumber;

/**
 * One CA of the gateway, loaded: its name, its issuer (key + certificate, with its own CRL distribution point) and
 * its chain (the CA certificate first, then the issuers above it up to the root for a subordinate CA). Immutable;
 * signing is thread-safe.
 */
public final class IssuingCa {
    private final String name;
    private final String keyLocation;
    private final CertificateIssuer issuer;
    private final List<CertificateDer> chain;
    private final CertsOnly caCerts;

    public IssuingCa(String name, String keyLocation, CertificateIssuer issuer, List<CertificateDer> chain) {
        this.name = name;
        this.keyLocation = keyLocation;
        this.issuer = issuer;
        this.chain = List.copyOf(chain);
        this.caCerts = CertsOnly.of(this.chain);
    }

    public String name() {
        return name;
    }

    /** 'pkcs12:ca/&lt;name&gt;.p12' (later 'pkcs11:...'); never a secret. */
    public String keyLocation() {
        return keyLocation;
    }

    public CertificateDer issue(CertificateTemplate template) {
        return issuer.issue(template, SerialNumber.random());
    }

    public byte[] signCrl(List<CertificateIssuer.RevokedEntry> revoked, Instant thisUpdate, Instant nextUpdate, long number) {
        return issuer.crl(revoked, thisUpdate, nextUpdate, number);
    }

    public CertificateDer certificate() {
        return issuer.certificate();
    }

    /** The CA certificate and the issuers above it, leaf first. */
    public List<CertificateDer> chain() {
        return chain;
    }

    /** RFC 7030 §4.1.3: the chain as certs-only CMS (built once). */
    public CertsOnly caCerts() {
        return caCerts;
    }

    public Instant notAfter() {
        return certificate().holder().getNotAfter().toInstant();
    }
}
