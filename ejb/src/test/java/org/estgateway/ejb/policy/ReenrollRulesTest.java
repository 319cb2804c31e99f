// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.policy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.estgateway.ejb.TestCa;
import org.estgateway.ejb.TestCsrs;
import org.estgateway.ejb.TestCsrs.KeyKind;
import org.estgateway.ejb.auth.Requester;
import org.estgateway.ejb.enroll.EstOperation;
import org.estgateway.ejb.error.Forbidden;
import org.estgateway.ejb.pki.CertificateDer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReenrollRulesTest {
    private static final PublicKey OLD_KEY = TestCsrs.keyPair(KeyKind.ED25519).getPublic();
    private static TestCa ca;
    /** What the gateway certified at the first enrollment. */
    private static SubjectCompletion.Completed enrolled;

    @BeforeAll
    static void firstEnrollment() {
        ca = TestCa.create();
        enrolled = SubjectCompletion.complete(TestCsrs.csr("CN=meter-17,O=Example").dnsName("meter-17")
                .ipAddress("192.0.2.17").request());
    }

    private static Requester.CertificateLogin login(CertificateDer certificate) {
        return new Requester.CertificateLogin(10, 1, certificate, Set.of());
    }

    private static Requester.CertificateLogin currentCertificate() {
        return login(ca.issueClient(enrolled.subject(), enrolled.subjectAltNames(), OLD_KEY));
    }

    private static SubjectCompletion.Completed renewal(TestCsrs.Builder csr) {
        return SubjectCompletion.complete(csr.request());
    }

    private static TestCsrs.Builder sameIdentity() {
        return TestCsrs.csr("CN=meter-17,O=Example").dnsName("meter-17").ipAddress("192.0.2.17");
    }

    @ParameterizedTest
    @EnumSource(value = EstOperation.class, names = {"SIMPLEREENROLL", "SIMPLEENROLL"})
    void sameSubjectAndSubjectAltNameAreAccepted(EstOperation operation) {
        assertDoesNotThrow(() -> ReenrollRules.check(currentCertificate(), renewal(sameIdentity()), operation));
    }

    @Test
    void sameIdentityWithoutSubjectAltNamesIsAccepted() {
        CertificateDer cert = ca.issueClient(new X500Name("CN=Meter 17"), Optional.empty(), OLD_KEY);
        assertDoesNotThrow(() -> ReenrollRules.check(login(cert), renewal(TestCsrs.csr("CN=Meter 17")),
                EstOperation.SIMPLEREENROLL));
    }

    @Test
    void changedSubjectIsRefused() {
        Forbidden e = assertThrows(Forbidden.class, () -> ReenrollRules.check(currentCertificate(),
                renewal(TestCsrs.csr("CN=meter-17,O=Other").dnsName("meter-17").ipAddress("192.0.2.17")),
                EstOperation.SIMPLEREENROLL));
        assertEquals(403, e.status());
        assertTrue(e.getMessage().contains("re-enroll") && e.getMessage().contains("subject"), e.getMessage());
    }

    @Test
    void subjectIsComparedOnDerNotOnStrings() {
        X500Name printable = new X500Name(new RDN[] {new RDN(BCStyle.CN, new DERPrintableString("meter-17"))});
        X500Name utf8 = new X500Name(new RDN[] {new RDN(BCStyle.CN, new DERUTF8String("meter-17"))});
        assertEquals(printable, utf8, "BC considers the names equal as strings");
        CertificateDer cert = ca.issueClient(printable, Optional.empty(), OLD_KEY);
        SubjectCompletion.Completed request = new SubjectCompletion.Completed(utf8, Optional.empty());
        assertThrows(Forbidden.class, () -> ReenrollRules.check(login(cert), request, EstOperation.SIMPLEREENROLL));
    }

    @Test
    void changedSubjectAltNameIsRefused() {
        Forbidden e = assertThrows(Forbidden.class, () -> ReenrollRules.check(currentCertificate(),
                renewal(TestCsrs.csr("CN=meter-17,O=Example").dnsName("meter-17").ipAddress("192.0.2.99")),
                EstOperation.SIMPLEREENROLL));
        assertTrue(e.getMessage().contains("subjectAltName"), e.getMessage());
    }

    @Test
    void addedOrDroppedSubjectAltNamesAreRefused() {
        assertThrows(Forbidden.class, () -> ReenrollRules.check(currentCertificate(),
                renewal(sameIdentity().dnsName("meter-17.example")), EstOperation.SIMPLEREENROLL));
        CertificateDer withoutSans = ca.issueClient(new X500Name("CN=Meter 17"), Optional.empty(), OLD_KEY);
        assertThrows(Forbidden.class, () -> ReenrollRules.check(login(withoutSans),
                renewal(TestCsrs.csr("CN=Meter 17").dnsName("meter-17")), EstOperation.SIMPLEREENROLL));
    }

    @Test
    void certificateWithoutClientAuthIsRefused() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (List<KeyPurposeId> eku : List.of(List.of(KeyPurposeId.id_kp_serverAuth), List.<KeyPurposeId>of())) {
            CertificateDer cert = ca.issue(enrolled.subject(), enrolled.subjectAltNames(), OLD_KEY,
                    now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), eku);
            Forbidden e = assertThrows(Forbidden.class,
                    () -> ReenrollRules.check(login(cert), renewal(sameIdentity()), EstOperation.SIMPLEREENROLL));
            assertTrue(e.getMessage().contains("clientAuth"), e.getMessage());
        }
    }

    @Test
    void expiredCertificateIsRefused() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        CertificateDer cert = ca.issue(enrolled.subject(), enrolled.subjectAltNames(), OLD_KEY,
                now.minus(Duration.ofDays(30)), now.minus(Duration.ofMinutes(1)), List.of(KeyPurposeId.id_kp_clientAuth));
        Forbidden e = assertThrows(Forbidden.class,
                () -> ReenrollRules.check(login(cert), renewal(sameIdentity()), EstOperation.SIMPLEREENROLL));
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
    }

    @Test
    void certificateCheckAloneIgnoresTheSubject() {
        CertificateDer cert = ca.issueClient(new X500Name("CN=ra-officer"), Optional.empty(), OLD_KEY);
        assertDoesNotThrow(() -> ReenrollRules.checkCertificate(login(cert)));
    }

    @Test
    void notYetValidCertificateIsRefused() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        CertificateDer cert = ca.issue(enrolled.subject(), enrolled.subjectAltNames(), OLD_KEY,
                now.plus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), List.of(KeyPurposeId.id_kp_clientAuth));
        assertThrows(Forbidden.class,
                () -> ReenrollRules.check(login(cert), renewal(sameIdentity()), EstOperation.SIMPLEREENROLL));
    }

    @Test
    void renewalMayUseANewKey() {
        SubjectCompletion.Completed csr = renewal(sameIdentity().keyPair(KeyKind.EC_P256,
                TestCsrs.generate(KeyKind.EC_P256)));
        Requester.CertificateLogin login = currentCertificate();
        assertDoesNotThrow(() -> ReenrollRules.check(login, csr, EstOperation.SIMPLEREENROLL));
    }
}
