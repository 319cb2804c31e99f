// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTPS listener as a PKI team expects it (docs/SECURITY.md "## TLS"): TLS 1.3 by default, TLS 1.2 with
 * ECDHE + AEAD suites only, nothing older, no client-initiated renegotiation, no SHA-1 signatures, the accepted
 * CA names in the CertificateRequest, HSTS on every answer. Checked with the JDK's client and with openssl.
 */
class TlsIT {
    static Path dir;

    @BeforeAll
    static void server() {
        TestServer.awaitReady();
        Shell.requireProgram("openssl");
        Shell.requireProgram("curl");
        dir = TestServer.workDir("tls");
    }

    /** openssl s_client against the server; stdin closed unless {@code input} is given. */
    static String sClient(String options) {
        return sClient(options, null);
    }

    static String sClient(String options, String input) {
        String in = input == null ? "</dev/null" : "< <(" + input + ")";
        return Shell.run(dir, "timeout 20 openssl s_client -connect " + TestServer.HOST + ":" + TestServer.PORT
                + " -servername " + TestServer.HOST + " " + options + " " + in + " 2>&1 || true").output();
    }

    static boolean handshakeFailed(String sClientOutput) {
        return sClientOutput.contains("Cipher is (NONE)");
    }

    static SSLSocket socket(String... protocols) throws IOException {
        SSLSocket s = (SSLSocket) TestServer.sslContext(null).getSocketFactory().createSocket(TestServer.HOST, TestServer.PORT);
        s.setSoTimeout(20_000);
        if (protocols.length > 0) {
            s.setEnabledProtocols(protocols);
        }
        return s;
    }

    @Test
    void tls13IsNegotiatedByDefault() throws Exception {
        try (SSLSocket s = socket()) {
            s.startHandshake();
            assertEquals("TLSv1.3", s.getSession().getProtocol());
        }
        String out = sClient("");
        assertTrue(out.contains("New, TLSv1.3, Cipher is TLS_AES_"), out);
        for (String suite : List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256")) {
            String o = sClient("-tls1_3 -ciphersuites " + suite);
            assertTrue(o.contains("New, TLSv1.3, Cipher is " + suite), suite + ": " + o);
        }
    }

    @Test
    void tls12StillWorksWithAeadSuitesOnly() throws Exception {
        try (SSLSocket s = socket("TLSv1.2")) {
            s.startHandshake();
            assertEquals("TLSv1.2", s.getSession().getProtocol());
            String suite = s.getSession().getCipherSuite();
            assertTrue(suite.startsWith("TLS_ECDHE_") && (suite.contains("_GCM_") || suite.contains("CHACHA20_POLY1305")), suite);
        }
        String out = sClient("-tls1_2");
        assertTrue(out.matches("(?s).*New, TLSv1\\.2, Cipher is ECDHE-(ECDSA|RSA)-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305).*"), out);
        // the server key is EC P-256 or RSA-3072 (EST_CA_KEY_TYPE); of each AEAD pair the one for its key works
        for (String mode : List.of("AES128-GCM-SHA256", "AES256-GCM-SHA384", "CHACHA20-POLY1305")) {
            String o = sClient("-tls1_2 -cipher ECDHE-ECDSA-" + mode + ":ECDHE-RSA-" + mode);
            assertTrue(o.matches("(?s).*New, TLSv1\\.2, Cipher is ECDHE-(ECDSA|RSA)-" + mode + ".*"), mode + ": " + o);
        }
    }

    @Test
    void tls11AndTls10AreRefused() {
        // SECLEVEL=0: OpenSSL 3 would not even offer them otherwise, and the test would prove nothing
        for (String version : List.of("-tls1_1", "-tls1")) {
            String out = sClient(version + " -cipher DEFAULT@SECLEVEL=0");
            assertTrue(handshakeFailed(out), version + ": " + out);
        }
    }

    @Test
    void cbcSuitesAreRefused() throws Exception {
        for (String cbc : List.of("ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256", "ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384",
                "ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA", "ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA", "AES128-GCM-SHA256:AES128-SHA")) {
            String out = sClient("-tls1_2 -cipher " + cbc);
            assertTrue(handshakeFailed(out), cbc + ": " + out);
        }
        try (SSLSocket s = socket("TLSv1.2")) {
            s.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"});
            assertThrows(SSLException.class, s::startHandshake);
        }
    }

    @Test
    void clientInitiatedRenegotiationIsRefused() throws Exception {
        String out = sClient("-tls1_2", "sleep 1; echo R; sleep 2");
        assertTrue(out.contains("RENEGOTIATING"), out);
        assertTrue(out.contains("alert handshake failure"), out);
        try (SSLSocket s = socket("TLSv1.2")) {
            s.startHandshake();
            s.startHandshake(); // on TLS 1.2 a second call renegotiates; the server answers with a fatal alert
            assertThrows(IOException.class, () -> {
                s.getOutputStream().write(("GET /.well-known/est/cacerts HTTP/1.1\r\nHost: " + TestServer.HOST
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                if (s.getInputStream().read() == -1) {
                    throw new IOException("closed");
                }
            });
        }
    }

    @Test
    void sha1SignatureAlgorithmsAreRefused() {
        String out = sClient("-tls1_2 -sigalgs ECDSA+SHA1:RSA+SHA1 -cipher DEFAULT@SECLEVEL=0");
        assertTrue(handshakeFailed(out), out);
        // and the CertificateRequest asks clients for no SHA-1 CertificateVerify either
        String cr = sClient("-tls1_2");
        String requested = cr.lines().filter(l -> l.startsWith("Requested Signature Algorithms:")).findFirst().orElseThrow(
                () -> new AssertionError("no CertificateRequest: " + cr));
        for (String scheme : requested.replaceFirst("^[^:]*: *", "").split(":")) {
            assertFalse(scheme.endsWith("SHA1") || scheme.endsWith("SHA224") || scheme.startsWith("DSA+"), requested);
        }
        assertTrue(requested.contains("ECDSA+SHA256") && requested.contains("RSA-PSS+SHA256"), requested);
    }

    @Test
    void certificateRequestNamesTheGatewayCaAndManufacturerCasAddedAtRuntime() throws Exception {
        String caSubject = Shell.run(dir, "openssl x509 -in " + TestServer.caPem().toAbsolutePath() + " -noout -subject")
                .output().strip().replaceFirst("^subject=", "");
        for (String version : List.of("-tls1_3", "-tls1_2")) {
            String out = sClient(version);
            assertTrue(out.contains("Acceptable client certificate CA names"), version + ": " + out);
            assertTrue(out.contains(caSubject), version + " lists " + caSubject + ": " + out);
        }
        String maker = TestServer.uniqueName("TlsMaker");
        new Manufacturer(maker).registerAsTrustAnchor();
        String out = sClient("-tls1_3");
        assertTrue(out.contains("CN = " + maker + " Manufacturing CA, O = " + maker),
                "a manufacturer CA added through the API is advertised at once: " + out);
    }

    @Test
    void clientCertificateFromAnUnlistedCaStillCompletesTheHandshakeAndIsRefusedByTheApplication() throws Exception {
        String cn = TestServer.uniqueName("tls-foreign");
        TestServer.registerDevice(cn, "device-Secret-1");
        KeyPair key = Csrs.ecKey();
        X500Name name = new X500Name("CN=" + cn);
        X509Certificate selfSigned = Csrs.selfSigned(key, name);
        Path work = TestServer.workDir("tls/" + cn);
        Files.writeString(work.resolve("cert.pem"), pem("CERTIFICATE", selfSigned.getEncoded()));
        Files.writeString(work.resolve("key.pem"), pem("PRIVATE KEY", key.getPrivate().getEncoded()));
        Files.write(work.resolve("csr.b64"), Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn))));
        // OpenSSL-based clients present their certificate whatever the CA names: the application answers 403
        Shell.Result curl = Shell.run(work, "curl -sS --cacert " + TestServer.caPem().toAbsolutePath()
                + " --cert cert.pem --key key.pem -H 'Content-Type: application/pkcs10' --data-binary @csr.b64"
                + " -w '\\n%{http_code}' " + TestServer.EST + "/simpleenroll");
        assertEquals(0, curl.exit(), curl.output());
        assertTrue(curl.output().strip().endsWith("403"), curl.output());
        // JSSE-based clients present only a certificate from a listed CA: this one goes without, and is asked to log in
        RawHttps.Response r = Enroll.post("simpleenroll", Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn))),
                Csrs.clientKeys(key.getPrivate(), selfSigned), Enroll.PKCS10);
        assertEquals(401, r.status(), r.text());
        assertEquals(0, TestServer.issuedCount(cn));
    }

    @Test
    void hstsOnEveryAnswerAndNoInlineScriptOnTheOperatorPage() throws Exception {
        RawHttps.Response ok = RawHttps.send("GET", "/.well-known/est/cacerts", List.of(), null, null);
        assertEquals(200, ok.status());
        assertEquals("max-age=31536000", ok.header("Strict-Transport-Security"));
        RawHttps.Response notFound = RawHttps.send("GET", "/no-such-page", List.of(), null, null);
        assertEquals(404, notFound.status());
        assertEquals("max-age=31536000", notFound.header("Strict-Transport-Security"));
        // Undertow's servlet layer refuses WEB-INF itself, before any application code runs
        RawHttps.Response undertow = RawHttps.send("GET", "/WEB-INF/web.xml", List.of(), null, null);
        assertEquals(404, undertow.status());
        assertEquals("max-age=31536000", undertow.header("Strict-Transport-Security"));
        RawHttps.Response unauthorized = RawHttps.send("GET", "/api/v1/devices", List.of(), null, null);
        assertEquals(401, unauthorized.status());
        assertEquals("max-age=31536000", unauthorized.header("Strict-Transport-Security"));

        RawHttps.Response page = RawHttps.send("GET", "/operator", List.of(), null, null);
        assertEquals(200, page.status());
        String csp = page.header("Content-Security-Policy");
        assertNotNull(csp);
        String scriptSrc = csp.replaceFirst("(?s).*script-src([^;]*).*", "$1");
        assertEquals(" 'self'", scriptSrc, csp);
        assertFalse(page.text().contains("<script>"), "no inline script");
        RawHttps.Response script = RawHttps.send("GET", "/operator/operator.js", List.of(), null, null);
        assertEquals(200, script.status());
        assertTrue(script.header("Content-Type").startsWith("text/javascript"), script.header("Content-Type"));
        assertEquals("nosniff", script.header("X-Content-Type-Options"));
        assertEquals("max-age=31536000", script.header("Strict-Transport-Security"));
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
