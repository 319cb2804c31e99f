// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.policy;

import java.io.IOException;
import java.util.Arrays;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.estgateway.ejb.auth.Requester;
import org.estgateway.ejb.enroll.EstOperation;
import org.estgateway.ejb.error.Forbidden;

/**
 * Requests authenticated by a TLS client certificate of this gateway (SPEC §7).
 * <ul>
 * <li>The certificate must carry EKU clientAuth and be valid now (revocation is checked against the
 * database by the authenticator).</li>
 * <li>RFC 7030 §4.2.2: the request's subject and subjectAltName must be identical to the certificate's,
 * compared on DER. The same holds for a certificate-authenticated simpleenroll: a certificate proves one
 * identity, so it can only obtain certificates for that identity.</li>
 * </ul>
 */
public final class ReenrollRules {
    private ReenrollRules() {
    }

    public static void check(Requester.CertificateLogin login, SubjectCompletion.Completed completed,
            EstOperation operation) {
        checkCertificate(login);
        X509CertificateHolder cert = login.certificate().holder();
        String what = operation == EstOperation.SIMPLEREENROLL ? "re-enroll" : "enroll with a client certificate";
        if (!Arrays.equals(der(completed.subject()), der(cert.getSubject()))) {
            throw new Forbidden(what + ": the CSR subject differs from the client certificate's subject");
        }
        Extension certSan = cert.getExtension(Extension.subjectAlternativeName);
        byte[] certSanDer = certSan == null ? null : certSan.getExtnValue().getOctets();
        byte[] requestSanDer = completed.subjectAltNames().map(ReenrollRules::der).orElse(null);
        if (!Arrays.equals(certSanDer, requestSanDer)) {
            throw new Forbidden(what + ": the CSR subjectAltName differs from the client certificate's");
        }
    }

    /** The client certificate itself: valid now and for TLS client authentication (SPEC §7). */
    public static void checkCertificate(Requester.CertificateLogin login) {
        X509CertificateHolder cert = login.certificate().holder();
        if (!cert.isValidOn(new Date())) {
            throw new Forbidden("client certificate is expired or not yet valid");
        }
        ExtendedKeyUsage eku = ExtendedKeyUsage.fromExtensions(cert.getExtensions());
        if (eku == null || !eku.hasKeyPurposeId(KeyPurposeId.id_kp_clientAuth)) {
            throw new Forbidden("client certificate lacks extended key usage clientAuth");
        }
    }

    private static byte[] der(org.bouncycastle.asn1.ASN1Object object) {
        try {
            return object.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
