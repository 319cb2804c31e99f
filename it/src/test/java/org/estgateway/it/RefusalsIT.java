// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.KeyManager;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every refusal of the enrollment surface: the right 4xx, a short text/plain reason, and no certificate
 * stored. Each test uses its own device name, so "nothing stored" is checked exactly.
 */
class RefusalsIT {
    static final String PASSWORD = "device-Secret-1";

    @BeforeAll
    static void server() {
        TestServer.awaitReady();
    }

    static String registered(String prefix) {
        String cn = TestServer.uniqueName(prefix);
        TestServer.registerDevice(cn, PASSWORD);
        return cn;
    }

    static byte[] b64(byte[] der) {
        return Csrs.base64Wrapped(der).getBytes(StandardCharsets.US_ASCII);
    }

    static void assertRefused(RawHttps.Response r, int status, String cn) {
        assertEquals(status, r.status(), r.text());
        assertEquals(r.body().length, Integer.parseInt(r.header("Content-Length")));
        if (status != 401) {
            assertTrue(r.header("Content-Type").startsWith("text/plain"), r.header("Content-Type"));
            assertTrue(r.body().length > 4 && r.body().length < 200, "a short reason: " + r.text());
        } else {
            assertNotNull(r.header("WWW-Authenticate"));
        }
        assertEquals(0, TestServer.issuedCount(cn), "no certificate stored for " + cn);
    }

    @Test
    void unknownDeviceGets401() throws Exception {
        String cn = TestServer.uniqueName("ghost");
        RawHttps.Response r = Enroll.post("simpleenroll", b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn))), null,
                Enroll.PKCS10, Enroll.basic(cn, PASSWORD));
        assertRefused(r, 401, cn);
        assertEquals(1, TestServer.auditCount(cn, "REFUSED"), "the attempt is audited under the claimed name");
    }

    @Test
    void wrongPasswordGets401() throws Exception {
        String cn = registered("wrongpw");
        RawHttps.Response r = Enroll.post("simpleenroll", b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn))), null,
                Enroll.PKCS10, Enroll.basic(cn, "not-the-password"));
        assertRefused(r, 401, cn);
    }

    @Test
    void noCredentialsGets401WithChallenge() throws Exception {
        String cn = registered("anon");
        RawHttps.Response r = Enroll.post("simpleenroll", b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn))), null,
                Enroll.PKCS10);
        assertRefused(r, 401, cn);
        assertTrue(r.header("WWW-Authenticate").contains("realm=\"EST\""));
    }

    @Test
    void malformedBase64Gets400() throws Exception {
        String cn = registered("badb64");
        RawHttps.Response r = Enroll.post("simpleenroll", "MIIB$$not*base64!!".getBytes(StandardCharsets.US_ASCII),
                null, Enroll.PKCS10, Enroll.basic(cn, PASSWORD));
        assertRefused(r, 400, cn);
        assertTrue(r.text().contains("base64"), r.text());
        assertEquals(1, TestServer.auditCount(cn, "REFUSED"), "the refusal is audited");
    }

    @Test
    void base64OfSomethingElseGets400() throws Exception {
        String cn = registered("notcsr");
        RawHttps.Response r = Enroll.post("simpleenroll", b64("hello, this is not DER".getBytes(StandardCharsets.US_ASCII)),
                null, Enroll.PKCS10, Enroll.basic(cn, PASSWORD));
        assertRefused(r, 400, cn);
    }

    @Test
    void badCsrSignatureGets400() throws Exception {
        String cn = registered("badsig");
        byte[] broken = Csrs.withBrokenSignature(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn)));
        RawHttps.Response r = Enroll.post("simpleenroll", b64(broken), null, Enroll.PKCS10, Enroll.basic(cn, PASSWORD));
        assertRefused(r, 400, cn);
        assertTrue(r.text().contains("proof of possession"), r.text());
    }

    @Test
    void emptyBodyGets400() throws Exception {
        String cn = registered("empty");
        RawHttps.Response r = Enroll.post("simpleenroll", new byte[0], null, Enroll.PKCS10, Enroll.basic(cn, PASSWORD));
        assertRefused(r, 400, cn);
    }

    @Test
    void seventyKibBodyGets413() throws Exception {
        String cn = registered("huge");
        byte[] body = new byte[70 * 1024];
        Arrays.fill(body, (byte) 'A');
        RawHttps.Response r = Enroll.post("simpleenroll", body, null, Enroll.PKCS10, Enroll.basic(cn, PASSWORD));
        assertRefused(r, 413, cn);
    }

    @Test
    void wrongContentTypeGets415() throws Exception {
        String cn = registered("ctype");
        byte[] csr = b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn)));
        assertRefused(Enroll.post("simpleenroll", csr, null, "Content-Type: application/json",
                Enroll.basic(cn, PASSWORD)), 415, cn);
        assertRefused(Enroll.post("simpleenroll", csr, null, Enroll.basic(cn, PASSWORD)), 415, cn);
    }

    @Test
    void unknownLabelGets404AndUnknownOperation404() throws Exception {
        String cn = registered("label");
        byte[] csr = b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn)));
        assertRefused(Enroll.post("no-such-label/simpleenroll", csr, null, Enroll.PKCS10, Enroll.basic(cn, PASSWORD)), 404, cn);
        assertRefused(Enroll.post("simpleenrol", csr, null, Enroll.PKCS10, Enroll.basic(cn, PASSWORD)), 404, cn);
        assertRefused(RawHttps.send("GET", "/.well-known/est/x/y/cacerts", java.util.List.of(), null, null), 404, cn);
    }

    @Test
    void wrongMethodGets405WithAllow() throws Exception {
        RawHttps.Response get = RawHttps.send("GET", "/.well-known/est/simpleenroll", java.util.List.of(), null, null);
        assertEquals(405, get.status());
        assertEquals("POST", get.header("Allow"));
        RawHttps.Response post = RawHttps.send("POST", "/.well-known/est/cacerts",
                java.util.List.of(Enroll.PKCS10), "x".getBytes(StandardCharsets.US_ASCII), null);
        assertEquals(405, post.status());
        RawHttps.Response put = RawHttps.send("PUT", "/.well-known/est/cacerts", java.util.List.of(),
                "x".getBytes(StandardCharsets.US_ASCII), null);
        assertEquals(405, put.status());
        assertNotNull(put.header("Content-Length"));
    }

    @Test
    void fullcmcIsNotImplemented() throws Exception {
        RawHttps.Response r = Enroll.post("fullcmc", "AAAA".getBytes(StandardCharsets.US_ASCII), null,
                "Content-Type: application/pkcs7-mime");
        assertEquals(501, r.status());
    }

    @Test
    void challengePasswordIsDeniedByDefault() throws Exception {
        String cn = registered("chpw");
        KeyPair key = Csrs.ecKey();
        byte[] csr = Csrs.der(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + cn), key.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_challengePassword, new DERPrintableString("tls-unique"))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Csrs.BC).build(key.getPrivate())));
        RawHttps.Response r = Enroll.post("simpleenroll", b64(csr), null, Enroll.PKCS10, Enroll.basic(cn, PASSWORD));
        assertRefused(r, 403, cn);
        assertTrue(r.text().contains("challengePassword"), r.text());
    }

    @Test
    void weakRsaKeyGets400() throws Exception {
        String cn = registered("weak");
        RawHttps.Response r = Enroll.post("simpleenroll", b64(Csrs.der(Csrs.csr(Csrs.rsaKey(1024), "CN=" + cn))), null,
                Enroll.PKCS10, Enroll.basic(cn, PASSWORD));
        assertRefused(r, 400, cn);
        assertTrue(r.text().contains("key policy"), r.text());
    }

    @Test
    void deviceMayNotAskForAForeignDnsName() throws Exception {
        String cn = registered("san");
        KeyPair key = Csrs.ecKey();
        var sans = new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName(
                org.bouncycastle.asn1.x509.GeneralName.dNSName, "bank.example"));
        var ext = new org.bouncycastle.asn1.x509.ExtensionsGenerator();
        ext.addExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, false, sans);
        byte[] csr = Csrs.der(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + cn), key.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Csrs.BC).build(key.getPrivate())));
        RawHttps.Response r = Enroll.post("simpleenroll", b64(csr), null, Enroll.PKCS10, Enroll.basic(cn, PASSWORD));
        assertRefused(r, 403, cn);
    }

    @Test
    void reenrollWithoutClientCertificateGets401EvenWithPassword() throws Exception {
        String cn = registered("re-nocert");
        RawHttps.Response r = Enroll.post("simplereenroll", b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn))), null,
                Enroll.PKCS10, Enroll.basic(cn, PASSWORD));
        assertRefused(r, 401, cn);
    }

    @Test
    void reenrollWithChangedSubjectIsForbidden() throws Exception {
        String cn = registered("re-subject");
        Enroll.Credential first = Enroll.basicEnroll(cn, PASSWORD);
        RawHttps.Response r = Enroll.post("simplereenroll",
                b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn + "-evil"))), first.keyManagers(), Enroll.PKCS10);
        assertEquals(403, r.status(), r.text());
        assertEquals(1, TestServer.issuedCount(cn), "only the first certificate");
    }

    @Test
    void certificateFromAForeignCaIsRefused() throws Exception {
        String cn = registered("foreign");
        KeyPair key = Csrs.ecKey();
        X500Name name = new X500Name("CN=" + cn);
        X509Certificate selfSigned = Csrs.selfSigned(key, name);
        // Presented although the CertificateRequest does not name its CA, as an OpenSSL-based device does.
        KeyManager[] foreign = Csrs.clientKeysAlwaysPresented(key.getPrivate(), selfSigned);
        byte[] csr = b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn)));
        // The handshake completes (the application decides whom to trust); the gateway then refuses.
        for (String op : new String[] {"simpleenroll", "simplereenroll"}) {
            RawHttps.Response r = Enroll.post(op, csr, foreign, Enroll.PKCS10);
            assertEquals(403, r.status(), op + ": " + r.text());
            assertTrue(r.text().contains("not issued by this gateway"), r.text());
        }
        assertEquals(0, TestServer.issuedCount(cn));
        assertTrue(TestServer.queryLong("SELECT count(*) FROM audit_event WHERE outcome = 'REFUSED' AND actor = ? "
                + "AND reason LIKE '%not issued by this gateway%'", "CN=" + cn) >= 2);
    }
}
