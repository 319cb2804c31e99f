// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC §8 external approval service: the gateway posts each new pending request to an HTTPS stub over mutual
 * TLS, retries while the stub is down, and takes the stub's decision (in its answer, or through the API).
 */
class ExternalApprovalIT {
    static final int STUB_PORT = 8599;
    static final String PASSWORD = "device-Secret-1";
    static final String LABEL = "idm-external/simpleenroll";
    static KeyPair gatewayKey;
    static X509Certificate gatewayCert;
    static KeyPair stubKey;
    static X509Certificate stubCert;
    HttpsServer stub;
    final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void keys() throws Exception {
        TestServer.awaitReady();
        gatewayKey = Csrs.ecKey();
        gatewayCert = selfSigned(gatewayKey, "CN=est-gateway idm client");
        stubKey = Csrs.ecKey();
        stubCert = selfSigned(stubKey, "CN=localhost");
        KeyStore token = KeyStore.getInstance("PKCS12");
        token.load(null, null);
        token.setKeyEntry("client", gatewayKey.getPrivate(), "idm-Secret-1".toCharArray(), new X509Certificate[] {gatewayCert});
        token.setCertificateEntry("idm-server", stubCert);
        Path file = Files.createDirectories(TestServer.DATA_DIR.resolve("idm")).resolve("idm-client.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            token.store(out, "idm-Secret-1".toCharArray());
        }
    }

    static X509Certificate selfSigned(KeyPair key, String subject) throws Exception {
        X500Name name = new X500Name(subject);
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                BigInteger.valueOf(System.nanoTime()), Date.from(Instant.now().minus(Duration.ofDays(1))),
                Date.from(Instant.now().plus(Duration.ofDays(30))), name, key.getPublic())
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Csrs.BC).build(key.getPrivate())));
    }

    /** The approval service: requires the gateway's client certificate; answers with {@code answer}. */
    void startStub(String answer, int status) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", stubKey.getPrivate(), "x".toCharArray(), new X509Certificate[] {stubCert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "x".toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("gateway", gatewayCert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        stub = HttpsServer.create(new InetSocketAddress("127.0.0.1", STUB_PORT), 0);
        stub.setHttpsConfigurator(new HttpsConfigurator(ctx) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = ctx.getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        stub.createContext("/idm/requests", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        stub.start();
    }

    @AfterEach
    void stopStub() {
        if (stub != null) {
            stub.stop(0);
        }
    }

    static long requestId(String cn) {
        return ApprovalIT.requestIdFor(cn);
    }

    static void waitFor(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(250);
        }
    }

    @Test
    void requestWaitsWhileTheServiceIsDownThenItIsDeliveredAndApprovedByCallback() throws Exception {
        String cn = TestServer.uniqueName("ext-down");
        TestServer.registerDevice(cn, PASSWORD);
        byte[] csr = Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn)));
        assertEquals(202, ApprovalIT.post(LABEL, csr, cn).status());
        long id = requestId(cn);
        waitFor("a failed delivery attempt", () -> TestServer.queryLong(
                "SELECT delivery_attempts FROM approval_request WHERE id = ?", id) >= 2);
        assertNull(TestServer.queryString("SELECT delivered_at FROM approval_request WHERE id = ?", id));
        assertEquals(202, ApprovalIT.post(LABEL, csr, cn).status(), "still pending, nothing lost");

        startStub("", 202);
        waitFor("delivery to the service", () -> !received.isEmpty());
        assertTrue(received.get(0).contains("\"id\":" + id) && received.get(0).contains("\"csr\":\""), received.get(0));
        waitFor("delivered_at", () -> TestServer.queryString("SELECT delivered_at FROM approval_request WHERE id = ?", id) != null);
        assertEquals(202, ApprovalIT.post(LABEL, csr, cn).status(), "the service decides later");
        assertEquals(200, ApprovalIT.decide(id, "approve", null).statusCode(), "the service's callback");
        assertEquals(200, ApprovalIT.post(LABEL, csr, cn).status());
        assertEquals(1, TestServer.issuedCount(cn));
        assertEquals(1, received.size(), "delivered once");
    }

    @Test
    void theServiceMayDecideInItsAnswer() throws Exception {
        startStub("{\"decision\":\"reject\",\"reason\":\"not in the inventory\"}", 200);
        String cn = TestServer.uniqueName("ext-sync");
        TestServer.registerDevice(cn, PASSWORD);
        byte[] csr = Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn)));
        assertEquals(202, ApprovalIT.post(LABEL, csr, cn).status());
        long id = requestId(cn);
        waitFor("the service's decision", () -> "REJECTED".equals(TestServer.queryString(
                "SELECT status FROM approval_request WHERE id = ?", id)));
        RawHttps.Response r = ApprovalIT.post(LABEL, csr, cn);
        assertEquals(403, r.status());
        assertTrue(r.text().contains("not in the inventory"), r.text());
        assertEquals("idm-service", TestServer.queryString("SELECT decided_by FROM approval_request WHERE id = ?", id));
    }
}
