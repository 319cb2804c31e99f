// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.crl;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.estgateway.ejb.ca.CaSigner;
import org.estgateway.ejb.ca.CertificateIssuer;
import org.estgateway.ejb.certificate.RevocationReason;
import org.estgateway.persistence.certificate.IssuedCertificateRepository;
import org.estgateway.persistence.digest.DigestRepository;

/**
 * The CRL served at {@code /crl}. Each node keeps the last one it signed and signs a new one when a
 * certificate was revoked since (checked against PostgreSQL on every fetch, so a revocation on any node
 * shows at once) or when half its validity has passed. CRL numbers come from a database sequence.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class CrlPublisher {
    static final Duration VALIDITY = Duration.ofHours(24);
    static final Duration REFRESH_AFTER = Duration.ofHours(12);

    @Inject
    CaSigner ca;
    @Inject
    IssuedCertificateRepository certificates;
    @Inject
    DigestRepository sequences;

    private record Signed(byte[] der, String state, Instant thisUpdate) {
    }

    private volatile Signed current;

    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public byte[] current() {
        String state = certificates.revocationState();
        Signed signed = current;
        Instant now = Instant.now();
        if (signed != null && signed.state().equals(state) && signed.thisUpdate().plus(REFRESH_AFTER).isAfter(now)) {
            return signed.der();
        }
        synchronized (this) {
            signed = current;
            if (signed != null && signed.state().equals(state) && signed.thisUpdate().plus(REFRESH_AFTER).isAfter(now)) {
                return signed.der();
            }
            Instant thisUpdate = now.truncatedTo(ChronoUnit.SECONDS);
            List<CertificateIssuer.RevokedEntry> entries = certificates.revoked().stream()
                    .map(r -> new CertificateIssuer.RevokedEntry(new BigInteger(r.serialHex(), 16), r.revokedAt(),
                            RevocationReason.of(r.reason()).orElse(RevocationReason.unspecified).code()))
                    .toList();
            byte[] der = ca.signCrl(entries, thisUpdate, thisUpdate.plus(VALIDITY), sequences.nextCrlNumber());
            current = new Signed(der, state, thisUpdate);
            return der;
        }
    }
}
