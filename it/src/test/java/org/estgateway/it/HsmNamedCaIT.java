// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.estgateway.ejb.ca.key.SoftHsm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Named CAs whose keys are in SoftHSM2 tokens (issue 14): one declared in est.properties (ca.&lt;name&gt;.key, PIN by
 * pin-env=), one created through POST /api/v1/cas with keyLocation (same token, PIN by pin-file=), a subordinate
 * whose key and PKCS#10 request are made in the token. Bad inputs are refused with a problem document, an audit row
 * and nothing changed (no row, no token object: the token directory's object files are counted). After a restart
 * with a label bound to the API-created CA, a device enrolls there, is revoked, and /crl/&lt;name&gt; verifies with
 * the CA certificate. A wrong PIN in est.properties stops the start with one line naming the CA. Server of its own
 * (port offset 2550, database est_it_hsm_named); tokens under target/hsm-named-ca/.
 */
class HsmNamedCaIT {
    static final String DATABASE = "est_it_hsm_named";
    static final String PASSWORD = "hsm-Named-1";
    static Path library;
    static Path work;
    static Path tokens;
    static Path config;

    @BeforeAll
    static void tokens() throws Exception {
        assumeTrue(SoftHsm.library().isPresent(), "SoftHSM2 is not installed (Debian package softhsm2; .ci/run installs it)");
        library = SoftHsm.library().get();
        work = Path.of("target", "hsm-named-ca").toAbsolutePath();
        OwnServer.deleteTree(work);
        tokens = work.resolve("tokens");
        SoftHsm hsm = SoftHsm.at(work.resolve("softhsm2.conf"), tokens);
        hsm.initToken("named-it", "1234", "5678");
        hsm.initToken("named-it-2", "1234", "5678");
        Files.writeString(work.resolve("pin"), "1234\n");
        Files.writeString(work.resolve("wrong-pin"), "9999\n");
        config = work.resolve("est.properties");
    }

    private static String location(String token, String key, String pin) {
        return "pkcs11:library=" + library + ";token=" + token + ";key=" + key + ";" + pin;
    }

    private static String handlers(String label) {
        return "procedure." + label + ".name = " + label + "\nprocedure." + label + ".ca = " + label + "\n"
                + "handler." + label + "1.filter = " + label + "/cacerts\nhandler." + label + "1.format = est-cacerts\n"
                + "handler." + label + "1.tokenprocedure = " + label + "\n"
                + "handler." + label + "2.filter = " + label + "/simpleenroll\nhandler." + label + "2.format = est-simpleenroll\n"
                + "handler." + label + "2.tokenprocedure = " + label + "\n";
    }

    private static void writeConfig(String extra) throws Exception {
        Files.writeString(config, "handler.1.filter = simpleenroll\nhandler.1.format = est-simpleenroll\n"
                + "handler.2.filter = cacerts\nhandler.2.format = est-cacerts\n"
                + "ca.hsmconf.create = ec-p256\nca.hsmconf.key = " + location("named-it", "conf-ca",
                "pin-env=EST_CA_PKCS11_PIN_IT") + "\n" + handlers("hsmconf") + extra);
    }

    @Test
    void namedCasInATokenIssueRevokeSurviveARestartAndBadInputChangesNothing() throws Exception {
        writeConfig("");
        try (OwnServer server = new OwnServer("hsm-named-ca-server", 2550, OwnServer.DIRECT_PREFIX + DATABASE)) {
            server.env("SOFTHSM2_CONF", work.resolve("softhsm2.conf").toString()).env("EST_CONFIG", config.toString())
                    .env("EST_CA_PKCS11_PIN_IT", "1234");
            server.start();
            assertTrue(server.log().contains("CA 'hsmconf' created (EC_P256, key in PKCS#11 key 'conf-ca' in token 'named-it'"),
                    "est.properties' CA made in the token");
            X509Certificate confCa = HsmCaIT.cacerts(server, "hsmconf/cacerts");
            assertEquals(location("named-it", "conf-ca", "pin-env=EST_CA_PKCS11_PIN_IT"), query(
                    "SELECT key_location FROM ca WHERE name = 'hsmconf'"));

            // created through the API in the same token (PIN by file), RSA, generated there
            long objects = tokenObjects();
            String apiLocation = location("named-it", "api-ca", "pin-file=" + work.resolve("pin"));
            HttpResponse<String> created = HsmCaIT.adminPost(server, "/api/v1/cas", "{\"name\":\"hsmapi\",\"keyLocation\":\""
                    + apiLocation + "\",\"keyType\":\"rsa-3072\",\"subject\":\"CN=HSM API CA, O=IT\"}");
            assertEquals(201, created.statusCode(), created.body());
            assertTrue(created.body().contains("\"kind\":\"pkcs11\"") && created.body().contains("pin-file="), created.body());
            assertTrue(created.body().contains("\"algorithm\":\"RSA 3072\""), created.body());
            assertTrue(tokenObjects() > objects, "the key and its certificate are token objects");
            assertFalse(Files.exists(server.dataDir.resolve("ca/hsmapi.p12")), "no key file");
            assertEquals(200, server.get("/crl/hsmapi").statusCode(), "its CRL is published at once");

            refusalsChangeNothing(server, apiLocation);

            // a subordinate CA whose key and request are made in the token
            HttpResponse<String> sub = HsmCaIT.adminPost(server, "/api/v1/cas/hsmsub/csr", "{\"subject\":\"CN=HSM Sub CA, O=IT\","
                    + "\"keyLocation\":\"" + location("named-it-2", "sub-ca", "pin-file=" + work.resolve("pin")) + "\"}");
            assertEquals(201, sub.statusCode(), sub.body());
            PKCS10CertificationRequest csr;
            try (PEMParser pem = new PEMParser(new StringReader(SubordinateCaIT.field(sub, "csr")))) {
                csr = (PKCS10CertificationRequest) pem.readObject();
            }
            assertTrue(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Csrs.BC)
                    .build(csr.getSubjectPublicKeyInfo())), "the request is signed by the token's key");
            KeyPair rootKey = NamedCasIT.ecKey();
            X509Certificate root = NamedCasIT.caCertificate("CN=HSM IT Root, O=IT", rootKey, rootKey);
            X509Certificate subCert = SubordinateCaIT.sign(csr, root, rootKey, true, 0);
            HttpResponse<String> chain = server.client().send(HttpRequest.newBuilder(uri(server, "/api/v1/cas/hsmsub/chain"))
                    .header("Content-Type", "application/pem-certificate-chain").header("Authorization", admin())
                    .POST(HttpRequest.BodyPublishers.ofString(NamedCasIT.pem(subCert) + NamedCasIT.pem(root)))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, chain.statusCode(), chain.body());
            assertTrue(chain.body().contains("\"status\":\"ACTIVE\""), chain.body());

            // restart with a label bound to the API-created CA: its key is found again in the token
            server.close();
            writeConfig(handlers("hsmapi"));
            server.start();
            assertTrue(server.log().contains("CA 'hsmapi' loaded: CN=HSM API CA,O=IT"), "loaded from the token");
            X509Certificate apiCa = HsmCaIT.cacerts(server, "hsmapi/cacerts");
            assertEquals(confCa, HsmCaIT.cacerts(server, "hsmconf/cacerts"));

            String cn = OwnServer.uniqueName("hsm-named");
            server.registerDevice(cn, PASSWORD);
            RawHttps.Response issued = enroll(server, "hsmapi/simpleenroll", cn);
            assertEquals(200, issued.status(), issued.text());
            X509Certificate cert = Enroll.certificate(issued);
            cert.verify(apiCa.getPublicKey());
            assertEquals(apiCa.getSubjectX500Principal(), cert.getIssuerX500Principal());

            String serial = cert.getSerialNumber().toString(16).toUpperCase();
            HttpResponse<String> revoked = HsmCaIT.adminPost(server, "/api/v1/certificates/" + serial + "/revoke",
                    "{\"reason\":\"keyCompromise\"}");
            assertEquals(200, revoked.statusCode(), revoked.body());
            HttpResponse<byte[]> crlAnswer = server.client().send(HttpRequest.newBuilder(uri(server, "/crl/hsmapi"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, crlAnswer.statusCode());
            X509CRLHolder crl = new X509CRLHolder(crlAnswer.body());
            assertTrue(crl.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Csrs.BC).build(
                    new X509CertificateHolder(apiCa.getEncoded()))), "CRL signed through PKCS#11");
            assertNotNull(crl.getRevokedCertificate(cert.getSerialNumber()), "the revoked serial is listed");

            // est.properties naming a CA whose token refuses the PIN: the start fails with one line, nothing stored
            server.close();
            long before = tokenObjects();
            writeConfig(handlers("hsmapi") + "ca.badpin.create = ec-p256\nca.badpin.key = "
                    + location("named-it-2", "bad-ca", "pin-file=" + work.resolve("wrong-pin")) + "\n");
            server.launch();
            assertEquals(1, server.awaitExit(Duration.ofMinutes(4)));
            List<String> failed = server.log().lines().filter(l -> l.contains("est-gateway: FAILED")).toList();
            assertFalse(failed.isEmpty(), server.log());
            String line = failed.get(failed.size() - 1);
            assertTrue(line.contains("CA 'badpin'") && line.contains("CKR_PIN_INCORRECT"), line);
            assertFalse(server.log().contains("9999"), "the PIN is never printed");
            assertEquals("0", query("SELECT count(*) FROM ca WHERE name = 'badpin'"));
            assertEquals(before, tokenObjects(), "no key generated");
        }
    }

    private void refusalsChangeNothing(OwnServer server, String goodLocation) throws Exception {
        Path notALibrary = Files.writeString(work.resolve("libnot.so"), "not a shared object");
        String pin = "pin-file=" + work.resolve("pin");
        List<String[]> cases = new ArrayList<>(List.of(
                new String[] {"\"keyLocation\":\"pkcs11:library=/nonexistent/libp11.so;token=named-it;key=k;" + pin + "\"",
                        "does not exist"},
                new String[] {"\"keyLocation\":\"pkcs11:library=" + notALibrary + ";slot=0;key=k;" + pin + "\"",
                        "does not load"},
                new String[] {"\"keyLocation\":\"" + location("named-it-2", "k", "pin-file=" + work.resolve("wrong-pin")) + "\"",
                        "CKR_PIN_INCORRECT"},
                new String[] {"\"keyLocation\":\"" + location("named-it", "k", "pin-file=" + work.resolve("wrong-pin")) + "\"",
                        "is not the PIN this token was logged in with"},
                new String[] {"\"keyLocation\":\"" + location("no-such-token", "k", pin) + "\"", "no token labelled 'no-such-token'"},
                new String[] {"\"keyLocation\":\"pkcs11:library=" + library + ";key=k;" + pin + "\"", "exactly one of slot= or token="},
                new String[] {"\"keyLocation\":\"pkcs11:library=" + library + ";token=named-it;key=k;pin=73519\"",
                        "pin= would write the PIN"},
                new String[] {"\"keyLocation\":\"" + location("named-it", "absent", pin) + "\",\"existingKey\":true",
                        "no key labelled 'absent'"},
                new String[] {"\"keyLocation\":\"" + location("named-it", "conf-ca", pin) + "\",\"keyType\":\"rsa-3072\"",
                        "is EC P-256, not rsa-3072"},
                new String[] {"\"keyLocation\":\"" + location("named-it", "api-ca", pin) + "\",\"existingKey\":false",
                        "exists already"},
                new String[] {"\"keyLocation\":\"" + location("named-it", "api-ca", pin) + "\"", "another CA's already"},
                new String[] {"\"keyLocation\":\"" + goodLocation.replace("api-ca", "fresh") + "\",\"subject\":\"not a DN\"",
                        "subject"}));
        long rows = Long.parseLong(query("SELECT count(*) FROM ca"));
        long objects = tokenObjects();
        long refusedBefore = Long.parseLong(query("SELECT count(*) FROM audit_event WHERE event_type = 'CA_CREATED' "
                + "AND outcome = 'REFUSED'"));
        for (String[] c : cases) {
            HttpResponse<String> r = HsmCaIT.adminPost(server, "/api/v1/cas", "{\"name\":\"refused\"," + c[0] + "}");
            int expected = c[1].equals("another CA's already") ? 409 : 400;
            assertEquals(expected, r.statusCode(), c[0] + " -> " + r.body());
            assertTrue(r.body().contains(c[1]), c[0] + " -> " + r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").contains("problem+json"), r.headers().toString());
            assertFalse(r.body().contains("73519") || r.body().contains("9999"), r.body());
        }
        assertEquals(rows, Long.parseLong(query("SELECT count(*) FROM ca")), "no row");
        assertEquals(objects, tokenObjects(), "no token object");
        assertFalse(Files.exists(server.dataDir.resolve("ca/refused.p12")), "no file");
        assertEquals(refusedBefore + cases.size(), Long.parseLong(query("SELECT count(*) FROM audit_event WHERE "
                + "event_type = 'CA_CREATED' AND outcome = 'REFUSED'")), "each refusal audited");
        assertEquals("0", query("SELECT count(*) FROM audit_event WHERE reason LIKE '%73519%' OR reason LIKE '%9999%'"));
    }

    /** SoftHSM's file store: one file per token object (keys, certificates) under the token's directory. */
    private static long tokenObjects() throws Exception {
        try (Stream<Path> files = Files.walk(tokens)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".object")
                    && !p.getFileName().toString().equals("token.object")).count();
        }
    }

    private static String query(String sql) throws Exception {
        return OwnServer.column(DATABASE, sql).get(0);
    }

    private static RawHttps.Response enroll(OwnServer server, String path, String cn) throws Exception {
        SSLContext tls = LauncherIT.trusting(server.caPem());
        return RawHttps.send(tls, "localhost", server.httpsPort, "POST", "/.well-known/est/" + path,
                List.of(Enroll.PKCS10, "Connection: close", "Authorization: " + OwnServer.basic(cn, PASSWORD)),
                Csrs.base64Wrapped(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn))).getBytes(StandardCharsets.US_ASCII));
    }

    private static String admin() {
        return OwnServer.basic("admin", OwnServer.ADMIN_PASSWORD);
    }

    private static URI uri(OwnServer server, String path) {
        return URI.create("https://localhost:" + server.httpsPort + path);
    }
}
