// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.estgateway.ejb.auth.Requester;
import org.estgateway.ejb.ca.CertificateTemplate;
import org.estgateway.ejb.config.Handler;
import org.estgateway.ejb.config.KeyAlgorithms;
import org.estgateway.ejb.config.Procedure;
import org.estgateway.ejb.enroll.EstOperation;
import org.estgateway.ejb.error.Forbidden;
import org.estgateway.ejb.error.MalformedRequest;
import org.estgateway.ejb.error.ServiceUnavailable;
import org.estgateway.ejb.pki.Pkcs10Request;

/**
 * SPEC §5: the checks every enrollment passes, in this order (after {@code CsrLimits} at parsing): the
 * key is verifiable, proof of possession, challengePassword, key policy, known subject attributes, subject
 * completion, the procedure's subject rules, then who may have that subject (device binding, re-enroll rules, or RA mode),
 * then the profile decides validity, KU and EKU. Pure: no container, no database.
 */
public final class EnrollmentPolicy {
    /** Certificates start slightly in the past to tolerate device clocks that run behind. */
    static final Duration BACKDATE = Duration.ofMinutes(5);

    private final Procedure procedure;
    private final boolean allowChallengePassword;
    private final boolean raMode;

    public EnrollmentPolicy(Procedure procedure, boolean allowChallengePassword, boolean raMode) {
        this.procedure = procedure;
        this.allowChallengePassword = allowChallengePassword;
        this.raMode = raMode;
    }

    public static EnrollmentPolicy of(Handler handler) {
        return new EnrollmentPolicy(handler.procedure(), handler.allowChallengePassword(),
                handler.requiredRoRoles().isPresent());
    }

    /**
     * The certificate to issue, or a refusal ({@link MalformedRequest} 400, {@link Forbidden} 403).
     *
     * @param generatedKey serverkeygen: the key the gateway generated; the CSR's own key and signature are
     *        then irrelevant (RFC 7030 §4.4.1), so proof of possession is skipped
     * @param caNotAfter issued certificates never outlive their CA
     */
    public CertificateTemplate decide(Pkcs10Request csr, Requester requester, EstOperation operation,
            Optional<SubjectPublicKeyInfo> generatedKey, Instant now, Instant caNotAfter) {
        if (generatedKey.isEmpty()) {
            // a key that would make verification expensive or undefined (a 300,000-bit RSA exponent, a point
            // off its curve, an unknown algorithm) never reaches it. With serverkeygen the CSR's key is irrelevant.
            KeyPolicy.checkVerifiable(csr.publicKey());
            if (!csr.signatureValid()) {
                throw new MalformedRequest("proof of possession: the CSR signature does not verify");
            }
        }
        if (csr.hasChallengePassword() && !allowChallengePassword) {
            // RFC 7030 §3.5 tls-unique is not supported, so the attribute cannot be checked: deny (seed behaviour)
            throw new Forbidden("challengePassword attribute not supported: requests carrying it are denied");
        }
        SubjectPublicKeyInfo publicKey = generatedKey.orElseGet(csr::publicKey);
        String key = KeyPolicy.check(publicKey);
        SubjectRules.checkKnown(csr.subject(), procedure.allowUnknownSubjectAttributes(), procedure.subjectAllowed());
        if (!procedure.keyTypes().isEmpty() && !procedure.keyTypes().contains(KeyAlgorithms.nameOf(key))) {
            throw new MalformedRequest("key policy: procedure '" + procedure.name() + "' accepts only "
                    + procedure.keyTypes() + " keys, not " + key);
        }
        SubjectCompletion.Completed subject = SubjectCompletion.complete(csr);
        if (subject.subject().getRDNs().length == 0 && subject.subjectAltNames().isEmpty()) {
            throw new MalformedRequest("the CSR has neither a subject nor subject alternative names");
        }
        SubjectRules.check(subject.subject(), procedure.subjectRequired(), procedure.subjectAllowed());
        if (requester instanceof Requester.DeviceLogin device) {
            DeviceBinding.check(device, subject);
        } else if (requester instanceof Requester.FactoryLogin factory) {
            if (procedure.checkSubjectValues()) {
                // enroll.check-subject-values: the binding's commonName, and the factory certificate's serialNumber
                // when it has one, with the same SAN rules as a password device
                DeviceBinding.check(new Requester.DeviceLogin(factory.deviceId(), factory.commonName(),
                        factory.serialNumber(), null, null), subject);
            }
        } else if (requester instanceof Requester.CertificateLogin login) {
            if (raMode) {
                ReenrollRules.checkCertificate(login); // an RA enrolls on behalf of devices: any subject
            } else {
                ReenrollRules.check(login, subject, operation);
            }
        }
        return build(subject, publicKey, key, now, caNotAfter);
    }

    /**
     * The certificate for a request an operator approved: every check ran when the request arrived; the
     * profile is applied now, so validity starts at approval.
     */
    public CertificateTemplate approvedTemplate(Pkcs10Request csr, Instant now, Instant caNotAfter) {
        return build(SubjectCompletion.complete(csr), csr.publicKey(), KeyPolicy.check(csr.publicKey()), now, caNotAfter);
    }

    private CertificateTemplate build(SubjectCompletion.Completed subject, SubjectPublicKeyInfo publicKey, String key,
            Instant now, Instant caNotAfter) {
        Instant notBefore = now.truncatedTo(ChronoUnit.SECONDS).minus(BACKDATE);
        Instant notAfter = now.truncatedTo(ChronoUnit.SECONDS).plus(procedure.profile().validity());
        if (notAfter.isAfter(caNotAfter)) {
            notAfter = caNotAfter;
        }
        if (!notAfter.isAfter(now)) {
            throw new ServiceUnavailable("the issuing CA has expired");
        }
        return new CertificateTemplate(subject.subject(), subject.subjectAltNames(), publicKey, notBefore, notAfter,
                procedure.profile().keyUsageFor(key), procedure.profile().extendedKeyUsage(), false);
    }
}
