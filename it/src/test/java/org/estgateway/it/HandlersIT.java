// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.est.CSRRequestResponse;
import org.bouncycastle.est.ESTException;
import org.bouncycastle.est.jcajce.JcaHttpAuthBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** est.properties handlers (it/src/test/resources/est-it.properties) through real clients. */
class HandlersIT {
    static final String PASSWORD = "device-Secret-1";

    @BeforeAll
    static void server() {
        TestServer.awaitReady();
    }

    static KeyPair p384() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", Csrs.BC);
        g.initialize(new ECGenParameterSpec("secp384r1"));
        return g.generateKeyPair();
    }

    static PKCS10CertificationRequest csr(KeyPair key, String subject, String alg) throws Exception {
        return new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), key.getPublic())
                .build(new JcaContentSignerBuilder(alg).setProvider(Csrs.BC).build(key.getPrivate()));
    }

    static X509Certificate enroll(String label, String cn, PKCS10CertificationRequest csr) throws Exception {
        return BouncyCastleClientIT.first(ReenrollRulesIT.est(label, null).simpleEnroll(false, csr,
                new JcaHttpAuthBuilder("EST", cn, PASSWORD.toCharArray()).build()));
    }

    @Test
    void procedureDecidesValidityKeyUsageAndExtendedKeyUsage() throws Exception {
        String cn = TestServer.uniqueName("p384");
        TestServer.registerDevice(cn, PASSWORD);
        X509Certificate cert = enroll("p384", cn, csr(p384(), "CN=" + cn + ",O=Acme", "SHA384withECDSA"));
        long days = Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()).toDays();
        assertTrue(days >= 29 && days <= 30, "30 days from procedure.p384.validity, was " + days);
        assertTrue(cert.getKeyUsage()[0] && cert.getKeyUsage()[4] && !cert.getKeyUsage()[2], "digitalSignature, keyAgreement");
        assertEquals(List.of("1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.1"), cert.getExtendedKeyUsage());
        assertEquals("p384", TestServer.queryString("SELECT label FROM issued_certificate WHERE subject_dn LIKE ?", "%" + cn + "%"));
        assertEquals("40", TestServer.queryString("SELECT handler FROM issued_certificate WHERE subject_dn LIKE ?", "%" + cn + "%"));
    }

    @Test
    void procedureRefusesOtherKeyTypesAndSubjectsBreakingItsRules() throws Exception {
        String cn = TestServer.uniqueName("p384-no");
        TestServer.registerDevice(cn, PASSWORD);
        ESTException p256 = assertThrows(ESTException.class,
                () -> enroll("p384", cn, Csrs.csr(Csrs.ecKey(), "CN=" + cn + ",O=Acme")));
        assertEquals(400, p256.getStatusCode());
        ESTException noO = assertThrows(ESTException.class,
                () -> enroll("p384", cn, csr(p384(), "CN=" + cn, "SHA384withECDSA")));
        assertEquals(403, noO.getStatusCode(), "subject.required = CN, O");
        ESTException withC = assertThrows(ESTException.class,
                () -> enroll("p384", cn, csr(p384(), "CN=" + cn + ",O=Acme,C=SE", "SHA384withECDSA")));
        assertEquals(403, withC.getStatusCode(), "subject.allowed = CN, O, OU");
        assertEquals(0, TestServer.issuedCount(cn));
    }

    @Test
    void csrattrsAnswersWhatTheHandlersProcedureRequires() throws Exception {
        CSRRequestResponse attrs = ReenrollRulesIT.est("p384", null).getCSRAttributes();
        assertTrue(attrs.getAttributesResponse().hasRequirement(X9ObjectIdentifiers.ecdsa_with_SHA384));
        assertTrue(attrs.getAttributesResponse().hasRequirement(BCStyle.O));
        assertTrue(attrs.getAttributesResponse().hasRequirement(BCStyle.CN));
        RawHttps.Response raw = RawHttps.send("GET", "/.well-known/est/p384/csrattrs", List.of("User-Agent: t"), null, null);
        assertTrue(new String(raw.body(), StandardCharsets.US_ASCII).length() > 0);
        byte[] der = Base64.getMimeDecoder().decode(raw.body());
        assertTrue(java.util.Arrays.toString(der).length() > 0);
        org.bouncycastle.asn1.ASN1Sequence seq = org.bouncycastle.asn1.ASN1Sequence.getInstance(der);
        boolean curve = false;
        for (var item : seq) {
            if (item instanceof org.bouncycastle.asn1.ASN1Sequence attr
                    && X9ObjectIdentifiers.id_ecPublicKey.equals(attr.getObjectAt(0))) {
                curve = ((org.bouncycastle.asn1.ASN1Set) attr.getObjectAt(1)).getObjectAt(0).equals(SECObjectIdentifiers.secp384r1);
            }
        }
        assertTrue(curve, "asks for a P-384 key");
        assertTrue(seq.toString().contains(new ASN1ObjectIdentifier("2.5.4.10").getId()));
    }

    @Test
    void regexFilterServesSeveralLabels() throws Exception {
        String cn = TestServer.uniqueName("regex");
        TestServer.registerDevice(cn, PASSWORD);
        enroll("ca2", cn, Csrs.csr(Csrs.ecKey(), "CN=" + cn));
        enroll("ca3", cn, Csrs.csr(Csrs.ecKey(), "CN=" + cn));
        assertEquals(2, TestServer.issuedCount(cn));
        assertEquals(200, RawHttps.send("GET", "/.well-known/est/ca3/cacerts", List.of(), null, null).status());
        assertEquals(404, RawHttps.send("GET", "/.well-known/est/ca4/cacerts", List.of(), null, null).status());
        ESTException e = assertThrows(ESTException.class, () -> enroll("ca4", cn, Csrs.csr(Csrs.ecKey(), "CN=" + cn)));
        assertEquals(404, e.getStatusCode());
        assertEquals(2, TestServer.issuedCount(cn));
    }

    @Test
    void handlerMayAllowChallengePassword() throws Exception {
        String cn = TestServer.uniqueName("chpw-ok");
        TestServer.registerDevice(cn, PASSWORD);
        KeyPair key = Csrs.ecKey();
        PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + cn), key.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_challengePassword, new DERPrintableString("ignored"))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Csrs.BC).build(key.getPrivate()));
        enroll("chpw", cn, csr);
        ESTException denied = assertThrows(ESTException.class, () -> enroll(null, cn, csr));
        assertEquals(403, denied.getStatusCode(), "the default handler denies it");
        assertEquals(1, TestServer.issuedCount(cn));
    }

    @Test
    void subjectCompletionCopiesUnstructuredNameAndAddressIntoSans() throws Exception {
        String cn = "router-" + TestServer.uniqueName("c").substring(2) + ".example";
        TestServer.adminPost("/api/v1/devices", "{\"commonName\":\"" + cn + "\",\"password\":\"" + PASSWORD
                + "\",\"ipAddress\":\"2001:db8::7\"}");
        KeyPair key = Csrs.ecKey();
        PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + cn), key.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_unstructuredName, new DERPrintableString(cn))
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_unstructuredAddress, new DERPrintableString("2001:db8::7"))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Csrs.BC).build(key.getPrivate()));
        X509Certificate cert = enroll(null, cn, csr);
        String sans = cert.getSubjectAlternativeNames().toString();
        assertTrue(sans.contains(cn), sans);
        assertTrue(sans.contains("2001:db8") || sans.contains("2001:DB8"), sans);
    }

    @Test
    void unparsableUnstructuredAddressIsRefused() throws Exception {
        String cn = TestServer.uniqueName("badaddr");
        TestServer.registerDevice(cn, PASSWORD);
        KeyPair key = Csrs.ecKey();
        PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + cn), key.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_unstructuredAddress, new DERPrintableString("somewhere"))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Csrs.BC).build(key.getPrivate()));
        ESTException e = assertThrows(ESTException.class, () -> enroll(null, cn, csr));
        assertEquals(400, e.getStatusCode());
        assertEquals(0, TestServer.issuedCount(cn));
    }

    @Test
    void seedApprovalHandlerAnswers202WithRetryAfter() throws Exception {
        String cn = TestServer.uniqueName("idm");
        TestServer.registerDevice(cn, PASSWORD);
        RawHttps.Response r = Enroll.post("registersimpleenroll-basic-idm-auth",
                Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn))), null, Enroll.PKCS10, Enroll.basic(cn, PASSWORD));
        assertEquals(202, r.status(), r.text());
        assertEquals("1", r.header("Retry-After"));
        assertEquals("0", r.header("Content-Length"));
        assertEquals(0, TestServer.issuedCount(cn));
    }
}
