// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.util.List;
import java.util.logging.Logger;
import org.estgateway.ejb.ca.key.CaKey;
import org.estgateway.ejb.ca.key.CaKeys;
import org.estgateway.ejb.config.EstEnvironment;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.ejb.pki.CertsOnly;
import org.estgateway.ejb.pki.SerialNumber;

/**
 * The built-in CA, the CA named 'default' of {@link CaRegistry}. Loads its key once at start (the key store written by the pre-start bootstrap); signing
 * is lock-free ({@link ConcurrencyManagementType#BEAN}, immutable {@link CertificateIssuer}), no file I/O per
 * request.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class CaSigner {
    private static final Logger LOG = Logger.getLogger(CaSigner.class.getName());

    private volatile CertificateIssuer issuer;
    private volatile CertsOnly caCerts;
    private volatile IssuingCa ca;

    @PostConstruct
    void load() {
        EstEnvironment env = EstEnvironment.fromSystem();
        CaKey entry = CaKeys.open(env.caKeyLocation(), env::keystorePassword);
        issuer = CertificateIssuer.of(entry).withCrlDistributionPoint(env.crlUrl());
        caCerts = CertsOnly.of(entry.chain());
        ca = new IssuingCa(org.estgateway.persistence.ca.CaRepository.DEFAULT, keyLocationText(env.caKeyLocation()),
                issuer, entry.chain());
        LOG.info(() -> "CA loaded from " + env.caKeyLocation().describe() + ": " + entry.certificate().holder().getSubject()
                + ", SHA-256 " + entry.certificate().sha256());
    }

    /** The text of table ca's key_location for the default CA: where its key is, never the PIN. */
    static String keyLocationText(org.estgateway.ejb.ca.key.CaKeyLocation location) {
        return location instanceof org.estgateway.ejb.ca.key.CaKeyLocation.Pkcs11Token t ? t.text()
                : org.estgateway.persistence.ca.CaRepository.DEFAULT_KEY_LOCATION;
    }

    /** The default CA as one of the named CAs (see CaRegistry). */
    public IssuingCa asIssuingCa() {
        return ca;
    }

    public CertificateDer issue(CertificateTemplate template) {
        return issuer.issue(template, SerialNumber.random());
    }

    /** Signs a CRL with the CA key (see CrlPublisher). */
    public byte[] signCrl(List<CertificateIssuer.RevokedEntry> revoked, java.time.Instant thisUpdate,
            java.time.Instant nextUpdate, long number) {
        return issuer.crl(revoked, thisUpdate, nextUpdate, number);
    }

    public CertificateDer caCertificate() {
        return issuer.certificate();
    }

    /** RFC 7030 §4.1.3: the CA certificates, as certs-only CMS (built once). */
    public CertsOnly caCerts() {
        return caCerts;
    }

    /** The chain an issued certificate verifies against. */
    public List<CertificateDer> chain() {
        return List.of(issuer.certificate());
    }
}
