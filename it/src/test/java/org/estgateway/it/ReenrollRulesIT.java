// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.est.ESTException;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.jcajce.JsseESTServiceBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SPEC §7: re-enrollment rules, through Bouncy Castle's client and raw TLS requests. */
class ReenrollRulesIT {
    static final String PASSWORD = "device-Secret-1";

    @BeforeAll
    static void server() {
        TestServer.awaitReady();
    }

    static ESTService est(String label, javax.net.ssl.KeyManager[] keys) {
        JsseESTServiceBuilder b = new JsseESTServiceBuilder(TestServer.HOST + ":" + TestServer.PORT,
                (javax.net.ssl.X509TrustManager) TestServer.trust().getTrustManagers()[0]);
        if (label != null) {
            b.withLabel(label);
        }
        if (keys != null) {
            b.withKeyManagers(keys);
        }
        return b.build();
    }

    static Enroll.Credential enrolled(String prefix) throws Exception {
        String cn = TestServer.uniqueName(prefix);
        TestServer.registerDevice(cn, PASSWORD);
        return Enroll.basicEnroll(cn, PASSWORD);
    }

    static String cn(Enroll.Credential c) {
        return c.certificate().getSubjectX500Principal().getName().substring(3);
    }

    @Test
    void revokedCertificateCanNoLongerReenroll() throws Exception {
        Enroll.Credential first = enrolled("rev");
        String serial = first.certificate().getSerialNumber().toString(16);
        var revoked = TestServer.adminPost("/api/v1/certificates/" + serial + "/revoke", "{\"reason\":\"keyCompromise\"}");
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertTrue(revoked.body().contains("\"status\":\"REVOKED\""));
        ESTException e = assertThrows(ESTException.class, () -> est(null, first.keyManagers())
                .simpleEnroll(true, Csrs.csr(Csrs.ecKey(), "CN=" + cn(first)), null));
        assertEquals(403, e.getStatusCode());
        assertEquals(1, TestServer.issuedCount(cn(first)));
        assertEquals("keyCompromise", TestServer.queryString(
                "SELECT revocation_reason FROM issued_certificate WHERE serial_hex = ?", serial));
    }

    @Test
    void revocationRefusals() {
        assertEquals(404, TestServer.adminPost("/api/v1/certificates/abcdef0123/revoke", "{}").statusCode());
        assertEquals(400, TestServer.adminPost("/api/v1/certificates/not-hex/revoke", "{}").statusCode());
    }

    @Test
    void revokeWithUnknownReasonIs400AndTwiceIs409() throws Exception {
        Enroll.Credential first = enrolled("rev2");
        String serial = first.certificate().getSerialNumber().toString(16);
        assertEquals(400, TestServer.adminPost("/api/v1/certificates/" + serial + "/revoke",
                "{\"reason\":\"certificateHold\"}").statusCode());
        assertEquals("VALID", TestServer.queryString("SELECT status FROM issued_certificate WHERE serial_hex = ?", serial));
        assertEquals(200, TestServer.adminPost("/api/v1/certificates/" + serial + "/revoke", "{}").statusCode());
        assertEquals(409, TestServer.adminPost("/api/v1/certificates/" + serial + "/revoke", "{}").statusCode());
    }

    @Test
    void reenrollWithChangedSanIsForbidden() throws Exception {
        Enroll.Credential first = enrolled("re-san");
        KeyPair key = Csrs.ecKey();
        var ext = new org.bouncycastle.asn1.x509.ExtensionsGenerator();
        ext.addExtension(org.bouncycastle.asn1.x509.Extension.subjectAlternativeName, false,
                new org.bouncycastle.asn1.x509.GeneralNames(new org.bouncycastle.asn1.x509.GeneralName(
                        org.bouncycastle.asn1.x509.GeneralName.dNSName, "other.example")));
        var csr = new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder(
                new org.bouncycastle.asn1.x500.X500Name("CN=" + cn(first)), key.getPublic())
                .addAttribute(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate())
                .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA")
                        .setProvider(Csrs.BC).build(key.getPrivate()));
        ESTException e = assertThrows(ESTException.class, () -> est(null, first.keyManagers()).simpleEnroll(true, csr, null));
        assertEquals(403, e.getStatusCode());
        assertEquals(1, TestServer.issuedCount(cn(first)));
    }

    @Test
    void withoutTheStrictRuleAnOlderCertificateMayStillReenroll() throws Exception {
        Enroll.Credential first = enrolled("lenient");
        est(null, first.keyManagers()).simpleEnroll(true, Csrs.csr(Csrs.ecKey(), "CN=" + cn(first)), null);
        est(null, first.keyManagers()).simpleEnroll(true, Csrs.csr(Csrs.ecKey(), "CN=" + cn(first)), null);
        assertEquals(3, TestServer.issuedCount(cn(first)));
    }

    @Test
    void strictRuleAcceptsTheLatestAndRefusesAnOlderCertificate() throws Exception {
        Enroll.Credential first = enrolled("strict");
        KeyPair nextKey = Csrs.ecKey();
        X509Certificate second = BouncyCastleClientIT.first(est("strict", first.keyManagers())
                .simpleEnroll(true, Csrs.csr(nextKey, "CN=" + cn(first)), null));
        ESTException e = assertThrows(ESTException.class, () -> est("strict", first.keyManagers())
                .simpleEnroll(true, Csrs.csr(Csrs.ecKey(), "CN=" + cn(first)), null));
        assertEquals(403, e.getStatusCode(), "the first certificate is no longer the latest");
        BouncyCastleClientIT.first(est("strict", Csrs.clientKeys(nextKey.getPrivate(), second))
                .simpleEnroll(true, Csrs.csr(Csrs.ecKey(), "CN=" + cn(first)), null));
        assertEquals(3, TestServer.issuedCount(cn(first)));
        assertTrue(TestServer.queryLong("SELECT count(*) FROM audit_event WHERE reason LIKE '%not the latest certificate%' "
                + "AND actor LIKE ?", "%" + cn(first) + "%") >= 1);
    }

    @Test
    void twentyConcurrentReenrollsWithOneCertificateIssueExactlyOne() throws Exception {
        Enroll.Credential first = enrolled("race");
        String cn = cn(first);
        int n = 20;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] csr = Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn)));
            Callable<Integer> call = () -> {
                start.await();
                return Enroll.post("strict/simplereenroll", csr, first.keyManagers(), Enroll.PKCS10).status();
            };
            results.add(pool.submit(call));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : results) {
            statuses.add(f.get(120, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(n - 1, statuses.stream().filter(s -> s == 403).count(), statuses.toString());
        assertEquals(2, TestServer.issuedCount(cn), "the original and exactly one renewal");
    }
}
