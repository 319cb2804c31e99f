// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.est.ESTException;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.EnrollmentResponse;
import org.bouncycastle.est.jcajce.JcaHttpAuthBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SPEC §8 manual authorization through Bouncy Castle's client, curl-shaped raw requests and the approvals API. */
class ApprovalIT {
    static final String PASSWORD = "device-Secret-1";
    static final String LABEL = "registersimpleenroll-basic-idm-auth";

    @BeforeAll
    static void server() {
        TestServer.awaitReady();
    }

    static long requestIdFor(String cn) {
        return TestServer.queryLong("SELECT max(id) FROM approval_request WHERE subject_dn LIKE ?", "%CN=" + cn + "%");
    }

    static HttpResponse<String> decide(long id, String action, String body) {
        return TestServer.adminPost("/api/v1/approvals/" + id + "/" + action, body == null ? "" : body);
    }

    static RawHttps.Response post(String path, byte[] csr, String cn) throws Exception {
        return Enroll.post(path, csr, null, "User-Agent: curl/7.88.1", Enroll.PKCS10, Enroll.basic(cn, PASSWORD));
    }

    @Test
    void bouncyCastleFollows202ThenCollectsTheApprovedCertificateOnce() throws Exception {
        String cn = TestServer.uniqueName("appr-bc");
        TestServer.registerDevice(cn, PASSWORD);
        ESTService est = ReenrollRulesIT.est("approve", null);
        PKCS10CertificationRequest csr = Csrs.csr(Csrs.ecKey(), "CN=" + cn);
        var auth = new JcaHttpAuthBuilder("EST", cn, PASSWORD.toCharArray()).build();
        long before = System.currentTimeMillis();
        EnrollmentResponse first = est.simpleEnroll(false, csr, auth);
        assertTrue(!first.isCompleted(), "202: the client is told to retry");
        assertTrue(first.getNotBefore() >= before + 1000, "after Retry-After (1 s)");
        Thread.sleep(Math.max(0, first.getNotBefore() - System.currentTimeMillis()) + 100);
        assertTrue(first.canRetry());
        EnrollmentResponse still = est.simpleEnroll(first);
        assertTrue(!still.isCompleted(), "still pending");
        long id = requestIdFor(cn);
        assertEquals(1, TestServer.queryLong("SELECT count(*) FROM approval_request WHERE subject_dn LIKE ?", "%CN=" + cn + "%"),
                "the repeated request is recognised, not duplicated");
        HttpResponse<String> approved = decide(id, "approve", null);
        assertEquals(200, approved.statusCode(), approved.body());
        assertTrue(approved.body().contains("\"decidedBy\":\"admin\""));
        X509Certificate cert = BouncyCastleClientIT.first(est.simpleEnroll(still));
        X509Certificate again = BouncyCastleClientIT.first(est.simpleEnroll(false, csr, auth));
        assertEquals(cert.getSerialNumber(), again.getSerialNumber(), "the same certificate on every later poll");
        assertEquals(1, TestServer.issuedCount(cn));
        assertEquals(id, TestServer.queryLong("SELECT approval_request_id FROM issued_certificate WHERE subject_dn LIKE ?", "%" + cn + "%"));
        assertEquals(409, decide(id, "approve", null).statusCode(), "decided once");
    }

    @Test
    void rejectedRequestGets403WithTheReason() throws Exception {
        String cn = TestServer.uniqueName("appr-rej");
        TestServer.registerDevice(cn, PASSWORD);
        byte[] csr = Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn)));
        RawHttps.Response pending = post(LABEL, csr, cn);
        assertEquals(202, pending.status());
        assertTrue(pending.header("Retry-After").matches("\\d+"));
        assertEquals(400, decide(requestIdFor(cn), "reject", "{}").statusCode(), "a reason is required");
        assertEquals(200, decide(requestIdFor(cn), "reject", "{\"reason\":\"unknown site\"}").statusCode());
        RawHttps.Response rejected = post(LABEL, csr, cn);
        assertEquals(403, rejected.status());
        assertTrue(rejected.text().contains("unknown site"), rejected.text());
        assertEquals(0, TestServer.issuedCount(cn));
    }

    @Test
    void aDeviceWithApprovalRequestsIsNotDeleted() throws Exception {
        String cn = TestServer.uniqueName("appr-del");
        TestServer.registerDevice(cn, PASSWORD);
        assertEquals(202, post(LABEL, Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn))), cn).status());
        long device = TestServer.queryLong("SELECT id FROM device WHERE common_name = ?", cn);
        HttpResponse<String> refused = DeviceAdministrationIT.admin("DELETE", "/api/v1/devices/" + device, null);
        assertEquals(409, refused.statusCode());
        assertTrue(refused.body().contains("approval requests"), refused.body());
        assertEquals(1, TestServer.queryLong("SELECT count(*) FROM device WHERE common_name = ?", cn));
    }

    @Test
    void expiredRequestGets403AndCannotBeApproved() throws Exception {
        String cn = TestServer.uniqueName("appr-exp");
        TestServer.registerDevice(cn, PASSWORD);
        byte[] csr = Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn)));
        assertEquals(202, post("approve-short/simpleenroll", csr, cn).status());
        Thread.sleep(3500);
        RawHttps.Response expired = post("approve-short/simpleenroll", csr, cn);
        assertEquals(403, expired.status());
        assertTrue(expired.text().contains("expired"), expired.text());
        assertEquals(409, decide(requestIdFor(cn), "approve", null).statusCode());
        assertEquals(0, TestServer.issuedCount(cn));
    }

    @Test
    void aNewCsrSupersedesThePendingOne() throws Exception {
        String cn = TestServer.uniqueName("appr-new");
        TestServer.registerDevice(cn, PASSWORD);
        byte[] first = Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn)));
        byte[] second = Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn)));
        assertEquals(202, post(LABEL, first, cn).status());
        assertEquals(202, post(LABEL, second, cn).status());
        assertEquals(1, TestServer.queryLong("SELECT count(*) FROM approval_request WHERE status = 'PENDING' AND subject_dn LIKE ?",
                "%CN=" + cn + "%"));
        assertEquals(403, post(LABEL, first, cn).status(), "the superseded request is over");
        assertEquals(200, decide(requestIdFor(cn), "approve", null).statusCode());
        assertEquals(200, post(LABEL, second, cn).status());
    }

    @Test
    void twoOperatorsDecidingAtOnceExactlyOneWins() throws Exception {
        String cn = TestServer.uniqueName("appr-race");
        TestServer.registerDevice(cn, PASSWORD);
        assertEquals(202, post(LABEL, Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn))), cn).status());
        long id = requestIdFor(cn);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        results.add(pool.submit(() -> { go.await(); return decide(id, "approve", null).statusCode(); }));
        results.add(pool.submit(() -> { go.await(); return decide(id, "reject", "{\"reason\":\"no\"}").statusCode(); }));
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> f : results) {
            statuses.add(f.get());
        }
        pool.shutdown();
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(1, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        assertEquals(1, TestServer.queryLong("SELECT count(*) FROM audit_event WHERE event_type IN ('APPROVAL_APPROVED', 'APPROVAL_REJECTED') "
                + "AND reason LIKE ?", "request " + id + " %"));
    }

    @Test
    void approvalsNeedTheOperatorRole() throws Exception {
        String auditor = TestServer.uniqueName("appr-aud");
        assertEquals(201, TestServer.adminPost("/api/v1/accounts", "{\"username\":\"" + auditor
                + "\",\"password\":\"auditor-Secret-1\",\"role\":\"auditor\"}").statusCode());
        assertEquals(403, TestServer.adminPost("/api/v1/approvals/1/approve", "", auditor, "auditor-Secret-1").statusCode());
        assertEquals(404, decide(987654321L, "approve", null).statusCode());
        ESTException e = assertThrows(ESTException.class, () -> ReenrollRulesIT.est("approve", null).simpleEnroll(false,
                Csrs.csr(Csrs.ecKey(), "CN=nobody"), new JcaHttpAuthBuilder("EST", "nobody", "x".toCharArray()).build()));
        assertEquals(401, e.getStatusCode(), "an approval handler still authenticates first");
    }
}
