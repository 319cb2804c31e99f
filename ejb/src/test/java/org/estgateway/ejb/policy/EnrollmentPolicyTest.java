// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.policy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.estgateway.ejb.HostileCsrs;
import org.estgateway.ejb.TestCa;
import org.estgateway.ejb.TestCsrs;
import org.estgateway.ejb.TestCsrs.KeyKind;
import org.estgateway.ejb.auth.Requester;
import org.estgateway.ejb.ca.CertificateTemplate;
import org.estgateway.ejb.config.Procedure;
import org.estgateway.ejb.enroll.EstOperation;
import org.estgateway.ejb.error.Forbidden;
import org.estgateway.ejb.error.MalformedRequest;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.ejb.pki.Crypto;
import org.estgateway.ejb.pki.Pkcs10Request;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EnrollmentPolicyTest {
    private static final Requester.DeviceLogin METER = new Requester.DeviceLogin(1, "meter-17", null, null, null);
    private static final EnrollmentPolicy DEFAULT = new EnrollmentPolicy(Procedure.builtIn(), false, false);
    private static final EnrollmentPolicy ALLOWING_CHALLENGE = new EnrollmentPolicy(Procedure.builtIn(), true, false);
    private static final Instant NOW = Instant.parse("2026-03-01T12:34:56.789Z");
    private static final Instant FAR = NOW.plus(Duration.ofDays(3650));
    private static TestCa ca;

    @BeforeAll
    static void ca() {
        ca = TestCa.create();
    }

    private static CertificateTemplate decide(EnrollmentPolicy policy, Pkcs10Request csr) {
        return policy.decide(csr, METER, EstOperation.SIMPLEENROLL, Optional.empty(), NOW, FAR);
    }

    private static Requester.CertificateLogin certificateLogin(String subject) {
        CertificateDer cert = ca.issueClient(new X500Name(subject),
                Optional.of(new GeneralNames(new GeneralName(GeneralName.dNSName, "meter-17"))),
                TestCsrs.keyPair(KeyKind.EC_P256).getPublic());
        return new Requester.CertificateLogin(5, 1, cert, Set.of());
    }

    private static Procedure procedure(Set<String> keyTypes, Set<ASN1ObjectIdentifier> required) {
        Procedure p = Procedure.builtIn();
        return new Procedure(p.id(), p.name(), p.profile(), required, p.subjectAllowed(), keyTypes,
                p.serverKeygenKeyType(), p.format(), p.useAuthenticationCert(), p.mandatoryPassword(),
                p.checkSubjectValues(), p.requireTrustAnchor(), p.allowUnknownSubjectAttributes(), p.ca());
    }

    @Test
    void badSignatureIsMalformedForLackOfProofOfPossession() {
        MalformedRequest e = assertThrows(MalformedRequest.class,
                () -> decide(DEFAULT, TestCsrs.csr("CN=meter-17").brokenRequest()));
        assertTrue(e.getMessage().contains("proof of possession"), e.getMessage());
    }

    @Test
    void proofOfPossessionIsCheckedBeforeTheChallengePassword() {
        Pkcs10Request csr = TestCsrs.csr("CN=meter-17").challengePassword("secret").brokenRequest();
        MalformedRequest e = assertThrows(MalformedRequest.class, () -> decide(DEFAULT, csr));
        assertTrue(e.getMessage().contains("proof of possession"), e.getMessage());
    }

    @Test
    void challengePasswordIsDeniedByDefault() {
        Forbidden e = assertThrows(Forbidden.class,
                () -> decide(DEFAULT, TestCsrs.csr("CN=meter-17").challengePassword("secret").request()));
        assertEquals(403, e.status());
        assertTrue(e.getMessage().contains("challengePassword"), e.getMessage());
    }

    @Test
    void challengePasswordIsAcceptedWhenTheHandlerAllowsIt() {
        CertificateTemplate t = assertDoesNotThrow(
                () -> decide(ALLOWING_CHALLENGE, TestCsrs.csr("CN=meter-17").challengePassword("secret").request()));
        assertEquals(new X500Name("CN=meter-17"), t.subject());
    }

    @Test
    void challengePasswordIsCheckedBeforeTheKeyPolicy() {
        Pkcs10Request csr = TestCsrs.csr("CN=meter-17").key(KeyKind.RSA_1024).challengePassword("secret").request();
        assertThrows(Forbidden.class, () -> decide(DEFAULT, csr));
        assertThrows(MalformedRequest.class, () -> decide(ALLOWING_CHALLENGE, csr));
    }

    @Test
    void hugeRsaExponentIsRefusedBeforeTheSignatureIsVerified() {
        Pkcs10Request csr = Pkcs10Request.fromDer(HostileCsrs.rsaWithHugeExponent("meter-17", 60_000));
        long start = System.nanoTime();
        MalformedRequest e = assertThrows(MalformedRequest.class, () -> decide(DEFAULT, csr));
        assertTrue(e.getMessage().contains("public exponent"), e.getMessage());
        assertTrue(System.nanoTime() - start < 200_000_000L, "no modPow with a 60,000-bit exponent");
    }

    @Test
    void unknownSubjectAttributesAreRefusedUnlessTheProcedureAllowsThem() {
        org.bouncycastle.asn1.ASN1ObjectIdentifier unknown = new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.3.6.1.4.1.99999.7");
        X500Name subject = new X500Name(new org.bouncycastle.asn1.x500.RDN[] {
            new org.bouncycastle.asn1.x500.RDN(BCStyle.CN, new org.bouncycastle.asn1.DERUTF8String("meter-17")),
            new org.bouncycastle.asn1.x500.RDN(unknown, new org.bouncycastle.asn1.DERUTF8String("x"))});
        Pkcs10Request csr = TestCsrs.csr().subject(subject).request();
        MalformedRequest e = assertThrows(MalformedRequest.class, () -> decide(DEFAULT, csr));
        assertTrue(e.getMessage().contains("1.3.6.1.4.1.99999.7"), e.getMessage());
        Procedure p = Procedure.builtIn();
        Procedure allowing = new Procedure(p.id(), p.name(), p.profile(), p.subjectRequired(), p.subjectAllowed(),
                p.keyTypes(), p.serverKeygenKeyType(), p.format(), p.useAuthenticationCert(), p.mandatoryPassword(),
                p.checkSubjectValues(), p.requireTrustAnchor(), true, p.ca());
        assertEquals(subject, decide(new EnrollmentPolicy(allowing, false, false), csr).subject());
        Procedure listing = new Procedure(p.id(), p.name(), p.profile(), p.subjectRequired(),
                java.util.Set.of(BCStyle.CN, unknown), p.keyTypes(), p.serverKeygenKeyType(), p.format(),
                p.useAuthenticationCert(), p.mandatoryPassword(), p.checkSubjectValues(), p.requireTrustAnchor(), false, p.ca());
        assertEquals(subject, decide(new EnrollmentPolicy(listing, false, false), csr).subject());
    }

    @Test
    void weakKeyIsMalformed() {
        MalformedRequest e = assertThrows(MalformedRequest.class,
                () -> decide(DEFAULT, TestCsrs.csr("CN=meter-17").key(KeyKind.RSA_1024).request()));
        assertTrue(e.getMessage().contains("key policy"), e.getMessage());
    }

    @Test
    void keyPolicyIsCheckedBeforeTheDeviceBinding() {
        Pkcs10Request csr = TestCsrs.csr("CN=someone-else").key(KeyKind.SECP256K1).request();
        assertThrows(MalformedRequest.class, () -> decide(DEFAULT, csr));
    }

    @Test
    void procedureMayNarrowTheAcceptedKeyTypes() {
        EnrollmentPolicy ecOnly = new EnrollmentPolicy(procedure(Set.of("ec-p384"), Set.of()), false, false);
        assertDoesNotThrow(() -> decide(ecOnly, TestCsrs.csr("CN=meter-17").key(KeyKind.EC_P384).request()));
        MalformedRequest e = assertThrows(MalformedRequest.class,
                () -> decide(ecOnly, TestCsrs.csr("CN=meter-17").key(KeyKind.EC_P256).request()));
        assertTrue(e.getMessage().contains("key policy"), e.getMessage());
    }

    @Test
    void procedureSubjectRulesApplyToTheCompletedSubject() {
        EnrollmentPolicy needsOrganization = new EnrollmentPolicy(procedure(Set.of(), Set.of(BCStyle.O)), false, false);
        assertThrows(Forbidden.class, () -> decide(needsOrganization, TestCsrs.csr("CN=meter-17").request()));
        assertDoesNotThrow(() -> decide(needsOrganization, TestCsrs.csr("CN=meter-17,O=Example").request()));
    }

    @Test
    void requestWithNeitherSubjectNorSubjectAltNamesIsMalformed() {
        assertThrows(MalformedRequest.class, () -> DEFAULT.decide(TestCsrs.csr().request(),
                certificateLogin("CN=meter-17"), EstOperation.SIMPLEENROLL, Optional.empty(), NOW, FAR));
    }

    @Test
    void deviceLoginIsBoundToItsRegisteredSubject() {
        assertThrows(Forbidden.class, () -> decide(DEFAULT, TestCsrs.csr("CN=meter-99").request()));
    }

    @Test
    void certificateLoginIsBoundToTheCertificatesSubject() {
        Requester.CertificateLogin login = certificateLogin("CN=meter-17");
        assertDoesNotThrow(() -> DEFAULT.decide(TestCsrs.csr("CN=meter-17").request(), login,
                EstOperation.SIMPLEREENROLL, Optional.empty(), NOW, FAR));
        assertThrows(Forbidden.class, () -> DEFAULT.decide(TestCsrs.csr("CN=meter-99").request(), login,
                EstOperation.SIMPLEREENROLL, Optional.empty(), NOW, FAR));
    }

    @Test
    void raModeLetsACertificateEnrollOnBehalfOfAnotherSubject() {
        EnrollmentPolicy ra = new EnrollmentPolicy(Procedure.builtIn(), false, true);
        CertificateTemplate t = ra.decide(TestCsrs.csr("CN=meter-99").request(), certificateLogin("CN=ra-officer"),
                EstOperation.SIMPLEENROLL, Optional.empty(), NOW, FAR);
        assertEquals(new X500Name("CN=meter-99"), t.subject());
    }

    @Test
    void serverKeygenCertifiesTheGeneratedKeyWithoutProofOfPossession() {
        SubjectPublicKeyInfo generated = SubjectPublicKeyInfo.getInstance(
                TestCsrs.keyPair(KeyKind.RSA_2048).getPublic().getEncoded());
        CertificateTemplate t = DEFAULT.decide(TestCsrs.csr("CN=meter-17").brokenRequest(), METER,
                EstOperation.SERVERKEYGEN, Optional.of(generated), NOW, FAR);
        assertEquals(generated, t.publicKey());
        assertEquals(KeyUsage.digitalSignature | KeyUsage.keyEncipherment, t.keyUsage(), "KU follows the generated key");
    }

    @Test
    void templateCarriesTheCompletedSubjectAndTheRequestsKey() {
        Pkcs10Request csr = TestCsrs.csr("CN=meter-17,O=Example").request();
        CertificateTemplate t = decide(DEFAULT, csr);
        assertEquals(new X500Name("CN=meter-17,O=Example"), t.subject());
        assertEquals(Optional.of(new GeneralNames(new GeneralName(GeneralName.dNSName, "meter-17"))),
                t.subjectAltNames());
        assertEquals(csr.publicKey(), t.publicKey());
        assertFalse(t.certificateAuthority());
    }

    @Test
    void templateHasClientAuthAndDigitalSignatureForEcKeys() {
        CertificateTemplate t = decide(DEFAULT, TestCsrs.csr("CN=meter-17").request());
        assertEquals(List.of(KeyPurposeId.id_kp_clientAuth), t.extendedKeyUsage());
        assertEquals(KeyUsage.digitalSignature, t.keyUsage());
    }

    @Test
    void templateAddsKeyEnciphermentForRsaKeys() {
        CertificateTemplate t = decide(DEFAULT, TestCsrs.csr("CN=meter-17").key(KeyKind.RSA_2048).request());
        assertEquals(KeyUsage.digitalSignature | KeyUsage.keyEncipherment, t.keyUsage());
        assertEquals(List.of(KeyPurposeId.id_kp_clientAuth), t.extendedKeyUsage());
    }

    @Test
    void notBeforeIsSlightlyInThePast() {
        CertificateTemplate t = decide(DEFAULT, TestCsrs.csr("CN=meter-17").request());
        assertTrue(t.notBefore().isBefore(NOW), t.notBefore().toString());
        assertTrue(t.notBefore().isAfter(NOW.minus(Duration.ofHours(1))), t.notBefore().toString());
        assertEquals(0, t.notBefore().getNano(), "whole seconds");
    }

    @Test
    void notAfterFollowsTheProfileValidity() {
        CertificateTemplate t = decide(DEFAULT, TestCsrs.csr("CN=meter-17").request());
        assertEquals(NOW.truncatedTo(ChronoUnit.SECONDS).plus(Profile.DEVICE.validity()), t.notAfter());
    }

    @Test
    void notAfterIsClampedToTheCasNotAfter() {
        Instant caNotAfter = NOW.plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS);
        CertificateTemplate t = DEFAULT.decide(TestCsrs.csr("CN=meter-17").request(), METER,
                EstOperation.SIMPLEENROLL, Optional.empty(), NOW, caNotAfter);
        assertEquals(caNotAfter, t.notAfter());
    }

    @Test
    void templateIssuesACertificateWithTheDecidedExtensions() throws Exception {
        CertificateTemplate t = DEFAULT.decide(TestCsrs.csr("CN=meter-17").key(KeyKind.RSA_2048).request(), METER,
                EstOperation.SIMPLEENROLL, Optional.empty(), Instant.now(), ca.notAfter());
        X509Certificate cert = ca.issue(t).x509();
        cert.verify(ca.certificate().x509().getPublicKey(), Crypto.BC);
        cert.checkValidity();
        assertEquals(List.of(KeyPurposeId.id_kp_clientAuth.getId()), cert.getExtendedKeyUsage());
        boolean[] ku = cert.getKeyUsage();
        assertTrue(ku[0] && ku[2], "digitalSignature and keyEncipherment");
        assertEquals(-1, cert.getBasicConstraints(), "not a CA");
        assertFalse(cert.getNotAfter().toInstant().isAfter(ca.notAfter()));
    }
}
