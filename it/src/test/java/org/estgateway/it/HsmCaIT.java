// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.estgateway.ejb.ca.key.SoftHsm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default CA's key in a SoftHSM2 token (EST_CA_KEY_LOCATION=pkcs11:...): created in the token by the bootstrap at
 * first start, signing every certificate and CRL through PKCS#11, found again after a restart. Servers of their own
 * (port offsets 2300 and 2400); the token directory is made by the test under target/hsm-ca/.
 */
class HsmCaIT {
    static final String DATABASE = "est_it_hsm_ca";
    static final String PASSWORD = "hsm-Secret-1";
    static Path library;
    static Path softhsmConf;
    static Path work;

    @BeforeAll
    static void token() throws Exception {
        assumeTrue(SoftHsm.library().isPresent(), "SoftHSM2 is not installed (Debian package softhsm2; .ci/run installs it)");
        library = SoftHsm.library().get();
        work = Path.of("target", "hsm-ca").toAbsolutePath();
        OwnServer.deleteTree(work);
        SoftHsm hsm = SoftHsm.at(work.resolve("softhsm2.conf"), work.resolve("tokens"));
        softhsmConf = hsm.config();
        hsm.initToken("est-ca", "1234", "5678");
        hsm.initToken("est-ca-bad-pin", "1234", "5678");
        Files.writeString(work.resolve("pin"), "1234\n");
    }

    private static OwnServer server(String name, int offset, String database, String token, String pinFile)
            throws Exception {
        // the token is new on every run: so is the data directory, which OwnServer empties at its first launch
        OwnServer server = new OwnServer(name, offset, OwnServer.DIRECT_PREFIX + database);
        return server.env("SOFTHSM2_CONF", softhsmConf.toString())
                .env("EST_CA_KEY_LOCATION", "pkcs11:library=" + library + ";token=" + token + ";key=est-default-ca")
                .env("EST_CA_PKCS11_PIN_FILE", pinFile);
    }

    @Test
    void hsmHeldCaEnrollsReenrollsRevokesAndPublishesItsCrlAcrossARestart() throws Exception {
        try (OwnServer server = server("hsm-ca-server", 2300, DATABASE, "est-ca", work.resolve("pin").toString())) {
            server.start();
            assertTrue(server.log().contains("CA created (EC_P256, PKCS#11 key 'est-default-ca' in token 'est-ca'"),
                    "the bootstrap made the key in the token");
            assertTrue(server.log().contains("CA loaded from PKCS#11 key 'est-default-ca'"), "WildFly signs with the token");
            X509Certificate ca = pem(server.caPem());
            assertTrue(!Files.exists(server.dataDir.resolve("ca/ca.p12")), "no CA key file");

            // enroll
            String cn = OwnServer.uniqueName("hsm");
            server.registerDevice(cn, PASSWORD);
            KeyPair key = Csrs.ecKey();
            RawHttps.Response first = send(server, LauncherIT.trusting(ca, null), "simpleenroll", key, cn, "Authorization: "
                    + OwnServer.basic(cn, PASSWORD));
            assertEquals(200, first.status(), first.text());
            X509Certificate cert = Enroll.certificate(first);
            cert.verify(ca.getPublicKey());

            // re-enroll with the certificate the token's key signed (TLS client authentication)
            RawHttps.Response renewed = send(server, LauncherIT.trusting(ca, Csrs.clientKeys(key.getPrivate(), cert)), "simplereenroll",
                    Csrs.ecKey(), cn);
            assertEquals(200, renewed.status(), renewed.text());
            Enroll.certificate(renewed).verify(ca.getPublicKey());

            // revoke + CRL signed through PKCS#11
            String serial = cert.getSerialNumber().toString(16).toUpperCase();
            HttpResponse<String> revoked = adminPost(server, "/api/v1/certificates/" + serial + "/revoke",
                    "{\"reason\":\"keyCompromise\"}");
            assertEquals(200, revoked.statusCode(), revoked.body());
            X509CRLHolder crl = crl(server);
            assertTrue(crl.isSignatureValid(new JcaContentVerifierProviderBuilder().build(new X509CertificateHolder(
                    ca.getEncoded()))), "CRL signed by the HSM key");
            assertNotNull(crl.getRevokedCertificate(cert.getSerialNumber()), "the revoked serial is listed");

            // restart: the key is found again in the token, the CA is the same
            server.close();
            server.start();
            assertTrue(server.log().contains("CA reused (PKCS#11 key 'est-default-ca'"), "the bootstrap found the key");
            assertEquals(ca, pem(server.caPem()));
            assertEquals(ca, cacerts(server));

            // 20 concurrent enrollments, every one 200 and signed by the token's key
            List<String> devices = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                devices.add(OwnServer.uniqueName("hsm-c"));
                server.registerDevice(devices.get(i), PASSWORD);
            }
            ExecutorService pool = Executors.newFixedThreadPool(20);
            try {
                List<Future<RawHttps.Response>> answers = new ArrayList<>();
                SSLContext tls = LauncherIT.trusting(ca, null);
                for (String device : devices) {
                    answers.add(pool.submit(() -> send(server, tls, "simpleenroll", Csrs.ecKey(), device,
                            "Authorization: " + OwnServer.basic(device, PASSWORD))));
                }
                for (Future<RawHttps.Response> answer : answers) {
                    RawHttps.Response r = answer.get();
                    assertEquals(200, r.status(), r.text());
                    Enroll.certificate(r).verify(ca.getPublicKey());
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void wrongPinRefusesTheStartWithOneLine() throws Exception {
        Path wrongPin = Files.writeString(work.resolve("wrong-pin"), "9999\n");
        try (OwnServer server = server("hsm-bad-pin-server", 2400, "est_it_hsm_bad_pin", "est-ca-bad-pin",
                wrongPin.toString())) {
            server.launch();
            assertEquals(1, server.awaitExit(Duration.ofMinutes(2)));
            List<String> failed = server.log().lines().filter(l -> l.contains("est-bootstrap: FAILED")).toList();
            assertEquals(1, failed.size(), server.log());
            assertTrue(failed.get(0).contains("CA default: the PIN of PKCS#11 key 'est-default-ca' in token "
                    + "'est-ca-bad-pin'") && failed.get(0).contains("CKR_PIN_INCORRECT"), failed.get(0));
            assertTrue(!server.log().contains("9999"), "the PIN is never printed");
            assertTrue(!Files.exists(server.caPem()), "nothing created");
        }
    }

    private static RawHttps.Response send(OwnServer server, SSLContext tls, String operation, KeyPair key, String cn,
            String... headers) throws Exception {
        List<String> lines = new ArrayList<>(List.of(Enroll.PKCS10, "Connection: close"));
        lines.addAll(List.of(headers));
        return RawHttps.send(tls, "localhost", server.httpsPort, "POST", "/.well-known/est/" + operation, lines,
                Csrs.base64Wrapped(Csrs.der(Csrs.csr(key, "CN=" + cn))).getBytes(StandardCharsets.US_ASCII));
    }

    static HttpResponse<String> adminPost(OwnServer server, String path, String json) throws Exception {
        return server.client().send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.httpsPort + path))
                .header("Content-Type", "application/json")
                .header("Authorization", OwnServer.basic("admin", OwnServer.ADMIN_PASSWORD))
                .POST(HttpRequest.BodyPublishers.ofString(json)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static X509CRLHolder crl(OwnServer server) throws Exception {
        HttpResponse<byte[]> r = server.client().send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + server.httpsPort + "/crl")).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        return new X509CRLHolder(r.body());
    }

    private static X509Certificate cacerts(OwnServer server) throws Exception {
        return cacerts(server, "cacerts");
    }

    /** The one CA certificate of {@code /.well-known/est/<path>}. */
    static X509Certificate cacerts(OwnServer server, String path) throws Exception {
        HttpResponse<String> r = server.get("/.well-known/est/" + path);
        assertEquals(200, r.statusCode());
        CMSSignedData cms = new CMSSignedData(Base64.getMimeDecoder().decode(r.body()));
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> certs = cms.getCertificates().getMatches(null);
        assertEquals(1, certs.size());
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certs.iterator().next().getEncoded()));
    }

    private static X509Certificate pem(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
