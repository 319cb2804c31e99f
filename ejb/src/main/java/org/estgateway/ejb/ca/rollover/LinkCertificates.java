// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca.rollover;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.estgateway.ejb.ca.CertificateIssuer;
import org.estgateway.ejb.ca.CertificateTemplate;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.ejb.pki.SerialNumber;

/**
 * The two link certificates of a root CA key rollover (RFC 7030 §4.1.3, after RFC 4210 §4.4): NewWithOld, the new
 * public key signed by the old key (a device that trusts the old CA certificate reaches the new one), and OldWithNew,
 * the old public key signed by the new key (a device that trusts only the new CA certificate still verifies
 * certificates issued under the old key). Both keep the CA's subject and are CA certificates like the self-signed
 * ones; NewWithOld is valid until the old CA certificate expires at most, OldWithNew until the old certificate's
 * notAfter.
 */
public final class LinkCertificates {
    static final Duration BACKDATE = Duration.ofMinutes(5);

    private LinkCertificates() {
    }

    /** NewWithOld and OldWithNew. */
    public record Links(CertificateDer newWithOld, CertificateDer oldWithNew) {
        public List<CertificateDer> both() {
            return List.of(newWithOld, oldWithNew);
        }
    }

    /**
     * @param oldIssuer signs with the old key (its certificate: the old self-signed CA certificate)
     * @param newIssuer signs with the new key (its certificate: the new self-signed CA certificate)
     */
    public static Links make(CertificateIssuer oldIssuer, CertificateIssuer newIssuer, Instant now) {
        CertificateDer oldCert = oldIssuer.certificate();
        CertificateDer newCert = newIssuer.certificate();
        Instant notBefore = now.truncatedTo(ChronoUnit.SECONDS).minus(BACKDATE);
        Instant oldNotAfter = oldCert.holder().getNotAfter().toInstant();
        Instant newNotAfter = newCert.holder().getNotAfter().toInstant();
        if (!oldNotAfter.isAfter(now)) {
            throw new IllegalArgumentException("the old CA certificate expired at " + oldNotAfter + ": no link to make");
        }
        CertificateDer newWithOld = oldIssuer.issue(template(newCert, notBefore, min(oldNotAfter, newNotAfter)),
                SerialNumber.random());
        CertificateDer oldWithNew = newIssuer.issue(template(oldCert, notBefore, min(oldNotAfter, newNotAfter)),
                SerialNumber.random());
        return new Links(newWithOld, oldWithNew);
    }

    /** A CA certificate for {@code subject}'s name and public key. */
    private static CertificateTemplate template(CertificateDer subject, Instant notBefore, Instant notAfter) {
        return new CertificateTemplate(subject.holder().getSubject(), Optional.empty(),
                subject.holder().getSubjectPublicKeyInfo(), notBefore, notAfter,
                KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature, List.of(), true);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
