// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.estgateway.ejb.auth.Requester;
import org.estgateway.ejb.ca.CertificateTemplate;
import org.estgateway.ejb.enroll.EstOperation;
import org.estgateway.ejb.error.Forbidden;
import org.estgateway.ejb.error.MalformedRequest;
import org.estgateway.ejb.pki.Pkcs10Request;

/**
 * SPEC §5: the checks every enrollment passes, in this order: proof of possession, challengePassword, key
 * policy, subject completion, then who may have that subject (device binding or re-enroll rules), then the
 * profile. Pure: no container, no database.
 */
public final class EnrollmentPolicy {
    /** Certificates start slightly in the past to tolerate device clocks that run behind. */
    static final Duration BACKDATE = Duration.ofMinutes(5);

    private final Profile profile;
    private final boolean allowChallengePassword;

    public EnrollmentPolicy(Profile profile, boolean allowChallengePassword) {
        this.profile = profile;
        this.allowChallengePassword = allowChallengePassword;
    }

    /**
     * The certificate to issue, or a refusal ({@link MalformedRequest} 400, {@link Forbidden} 403).
     *
     * @param caNotAfter issued certificates never outlive their CA
     */
    public CertificateTemplate decide(Pkcs10Request csr, Requester requester, EstOperation operation,
            Instant now, Instant caNotAfter) {
        if (!csr.signatureValid()) {
            throw new MalformedRequest("proof of possession: the CSR signature does not verify");
        }
        if (csr.hasChallengePassword() && !allowChallengePassword) {
            // RFC 7030 §3.5 tls-unique is not supported, so the attribute cannot be checked: deny (seed behaviour)
            throw new Forbidden("challengePassword attribute not supported: requests carrying it are denied");
        }
        String key = KeyPolicy.check(csr.publicKey());
        SubjectCompletion.Completed subject = SubjectCompletion.complete(csr);
        if (subject.subject().getRDNs().length == 0 && subject.subjectAltNames().isEmpty()) {
            throw new MalformedRequest("the CSR has neither a subject nor subject alternative names");
        }
        if (requester instanceof Requester.DeviceLogin device) {
            DeviceBinding.check(device, subject);
        } else if (requester instanceof Requester.CertificateLogin login) {
            ReenrollRules.check(login, subject, operation);
        }
        Instant notBefore = now.truncatedTo(ChronoUnit.SECONDS).minus(BACKDATE);
        Instant notAfter = now.truncatedTo(ChronoUnit.SECONDS).plus(profile.validity());
        if (notAfter.isAfter(caNotAfter)) {
            notAfter = caNotAfter;
        }
        SubjectPublicKeyInfo publicKey = csr.publicKey();
        return new CertificateTemplate(subject.subject(), subject.subjectAltNames(), publicKey, notBefore, notAfter,
                profile.keyUsageFor(key), profile.extendedKeyUsage(), false);
    }
}
