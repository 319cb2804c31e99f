// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb;

import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.estgateway.ejb.ca.CertificateIssuer;
import org.estgateway.ejb.ca.CertificateTemplate;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.ejb.pki.SerialNumber;

/** A tiny EC P-256 CA built with the application's own {@link CertificateIssuer}, for tests. */
public final class TestCa {
    private final CertificateIssuer issuer;
    private final CertificateDer certificate;

    private TestCa(CertificateIssuer issuer, CertificateDer certificate) {
        this.issuer = issuer;
        this.certificate = certificate;
    }

    /** A root valid from an hour ago, for the given validity. */
    public static TestCa create(Duration validity) {
        KeyPair pair = TestCsrs.generate(TestCsrs.KeyKind.EC_P256);
        X500Name name = new X500Name("CN=Test CA,O=EST Gateway tests");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        CertificateTemplate root = new CertificateTemplate(name, Optional.empty(),
                SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()), now.minus(Duration.ofHours(1)),
                now.plus(validity), KeyUsage.keyCertSign | KeyUsage.cRLSign, List.of(), true);
        CertificateDer cert = CertificateIssuer.selfSigned(pair.getPrivate(), name).issue(root, SerialNumber.random());
        return new TestCa(CertificateIssuer.of(pair.getPrivate(), cert), cert);
    }

    public static TestCa create() {
        return create(Duration.ofDays(3650));
    }

    public CertificateDer certificate() {
        return certificate;
    }

    public Instant notAfter() {
        return certificate.holder().getNotAfter().toInstant();
    }

    /** Issues what the template says, with a random serial. */
    public CertificateDer issue(CertificateTemplate template) {
        return issuer.issue(template, SerialNumber.random());
    }

    /** Issues an end-entity certificate with the given names, validity and extended key usage. */
    public CertificateDer issue(X500Name subject, Optional<GeneralNames> sans, PublicKey key, Instant notBefore,
            Instant notAfter, List<KeyPurposeId> eku) {
        return issuer.issue(new CertificateTemplate(subject, sans,
                SubjectPublicKeyInfo.getInstance(key.getEncoded()), notBefore, notAfter,
                KeyUsage.digitalSignature, eku, false), SerialNumber.random());
    }

    /** A TLS client certificate (EKU clientAuth) valid for a day from an hour ago. */
    public CertificateDer issueClient(X500Name subject, Optional<GeneralNames> sans, PublicKey key) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return issue(subject, sans, key, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)),
                List.of(KeyPurposeId.id_kp_clientAuth));
    }
}
