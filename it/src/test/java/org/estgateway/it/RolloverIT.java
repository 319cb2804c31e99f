// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.jcajce.JcaHttpAuthBuilder;
import org.bouncycastle.est.jcajce.JsseESTServiceBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CA key rollover (RFC 7030 §4.1.3) of the default CA and of a named CA, on a server of its own (offset 2150,
 * database est_it_roll_a: the rollover of 'default' must not disturb the ITs sharing the shared server). Devices
 * enrolled before the rollover (Bouncy Castle's EST client, curl + openssl) re-enroll after it over mutual TLS with
 * their old certificates and get certificates of the new key; cacerts holds the new CA certificate and both link
 * certificates; each generation publishes its own CRL signed by its own key; all of it survives a restart; refusals
 * change nothing.
 */
class RolloverIT {
    static final String DATABASE = "est_it_roll_a";
    static final String PASSWORD = "roll-Secret-1";
    static OwnServer server;
    static Path work;
    static X509Certificate secondOld;

    @BeforeAll
    static void start() throws Exception {
        Shell.requireProgram("curl");
        Shell.requireProgram("openssl");
        server = new OwnServer("rollover-server", 2150, OwnServer.DIRECT_PREFIX + DATABASE);
        start(server);
        work = Path.of("target", "rollover-work").toAbsolutePath();
        OwnServer.deleteTree(work);
        Files.createDirectories(work);
    }

    /** A shared machine with other servers booting: more patience than OwnServer.start's 4 minutes. */
    private static void start(OwnServer s) throws Exception {
        s.launch();
        s.awaitReady(Duration.ofMinutes(10));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void devicesEnrolledBeforeARolloverReenrollUnderTheNewKeyAndEachGenerationKeepsItsCrl() throws Exception {
        X509Certificate oldCa = pem(server.caPem());
        Files.copy(server.caPem(), work.resolve("old.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        refusalsChangeNothing();
        aSubordinateCaIsNotRolled();

        // before: a device of Bouncy Castle's EST client and one of curl + openssl, both under generation 1
        String bc = OwnServer.uniqueName("roll-bc");
        server.registerDevice(bc, PASSWORD);
        KeyPair bcKey = Csrs.ecKey();
        X509Certificate bcOld = BouncyCastleClientIT.first(est(null).simpleEnroll(false, Csrs.csr(bcKey, "CN=" + bc),
                new JcaHttpAuthBuilder("EST", bc, PASSWORD.toCharArray()).build()));
        bcOld.verify(oldCa.getPublicKey());
        String curl = OwnServer.uniqueName("roll-curl");
        server.registerDevice(curl, PASSWORD);
        Shell.Result enrolled = sh("openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout dev.key"
                + " -subj /CN=" + curl + " -outform DER -out dev.der && base64 -w64 dev.der > dev.b64"
                + " && curl -sS --fail --cacert old.pem -u " + curl + ":" + PASSWORD + " -H 'Content-Type: application/pkcs10'"
                + " --data-binary @dev.b64 $E/simpleenroll | base64 -d | openssl pkcs7 -inform DER -print_certs -out dev.pem"
                + " && openssl verify -CAfile old.pem dev.pem");
        assertEquals(0, enrolled.exit(), enrolled.output());
        X509Certificate curlOld = pem(work.resolve("dev.pem"));

        // step 1: the next key; a second one is refused and changes nothing
        HttpResponse<String> next = admin("POST", "/api/v1/cas/default/next-key", "");
        assertEquals(201, next.statusCode(), next.body());
        assertTrue(next.body().contains("\"generation\":2") && next.body().contains("\"state\":\"NEXT\""), next.body());
        assertTrue(Files.exists(server.dataDir.resolve("ca/default-g2.p12")), "the next key beside ca/ca.p12");
        assertTrue(admin("GET", "/api/v1/cas", null).body().contains("\"nextKey\":{\"ca\":\"default\",\"generation\":2"));
        String state = dbState();
        List<String> files = caFiles();
        HttpResponse<String> twice = admin("POST", "/api/v1/cas/default/next-key", "{\"keyType\":\"rsa-3072\"}");
        assertEquals(409, twice.statusCode(), twice.body());
        assertTrue(twice.body().contains("has a new key already (generation 2)"), twice.body());
        assertEquals(state, dbState());
        assertEquals(files, caFiles());
        assertEquals(1, cacerts("").size(), "nothing published before the rollover");

        // step 2: the rollover
        HttpResponse<String> rolled = admin("POST", "/api/v1/cas/default/rollover", null);
        assertEquals(200, rolled.statusCode(), rolled.body());
        assertTrue(rolled.body().contains("\"state\":\"CURRENT\"") && rolled.body().contains("/crl/default/2"), rolled.body());
        String list = admin("GET", "/api/v1/cas", null).body();
        assertTrue(list.contains("\"generation\":2,\"nextKey\":null,\"previousGenerations\":[{\"ca\":\"default\","
                + "\"generation\":1,\"state\":\"PREVIOUS\""), list);

        // cacerts (Bouncy Castle): new CA certificate, NewWithOld, OldWithNew
        List<X509Certificate> published = new ArrayList<>();
        for (Object h : est(null).getCACerts().getCertificateStore().getMatches(null)) {
            published.add(new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) h));
        }
        assertEquals(3, published.size());
        Links links = links(published, oldCa);
        links.newCa().verify(links.newCa().getPublicKey());
        links.newWithOld().verify(oldCa.getPublicKey());
        assertArrayEquals(links.newCa().getPublicKey().getEncoded(), links.newWithOld().getPublicKey().getEncoded());
        links.oldWithNew().verify(links.newCa().getPublicKey());
        assertArrayEquals(oldCa.getPublicKey().getEncoded(), links.oldWithNew().getPublicKey().getEncoded());
        write("new.pem", links.newCa());
        write("nwo.pem", links.newWithOld());
        write("own.pem", links.oldWithNew());
        // curl + openssl read the same three; openssl proves both links and both directions of trust
        Shell.Result parsed = sh("curl -sS --fail --cacert old.pem $E/cacerts | base64 -d | openssl pkcs7 -inform DER "
                + "-print_certs | grep -c 'BEGIN CERTIFICATE'");
        assertEquals("3", parsed.output().strip(), parsed.output());
        Shell.Result proofs = sh("openssl verify -CAfile old.pem nwo.pem && openssl verify -CAfile new.pem own.pem"
                + " && openssl verify -CAfile new.pem -untrusted own.pem dev.pem");
        assertEquals(0, proofs.exit(), "NewWithOld verifies with the old key, OldWithNew with the new one, an old "
                + "certificate chains to the new CA through OldWithNew: " + proofs.output());

        // re-enrollment with the old certificates over mutual TLS: the new certificates come from the new key
        X509Certificate bcNew = BouncyCastleClientIT.first(est(Csrs.clientKeys(bcKey.getPrivate(), bcOld))
                .simpleEnroll(true, Csrs.csr(Csrs.ecKey(), "CN=" + bc), null));
        bcNew.verify(links.newCa().getPublicKey());
        assertTrue(crlUrl(bcNew).endsWith("/crl/default/2"), "generation 2's CRL distribution point: " + crlUrl(bcNew));
        assertTrue(crlUrl(bcOld).endsWith("/crl"), "generation 1 keeps /crl: " + crlUrl(bcOld));
        Shell.Result renewed = sh("openssl req -new -key dev.key -subj /CN=" + curl + " -outform DER | base64 -w64 > re.b64"
                + " && curl -sS --fail --cacert old.pem --cert dev.pem --key dev.key -H 'Content-Type: application/pkcs10'"
                + " --data-binary @re.b64 $E/simplereenroll | base64 -d | openssl pkcs7 -inform DER -print_certs -out re.pem"
                + " && openssl verify -CAfile new.pem re.pem && openssl verify -CAfile old.pem -untrusted nwo.pem re.pem");
        assertEquals(0, renewed.exit(), "the new certificate verifies with the new CA (and from the old one through "
                + "NewWithOld): " + renewed.output());
        assertEquals("2", one("select ca_generation::text from issued_certificate where sha256 = ?",
                sha256(pem(work.resolve("re.pem")))));
        assertEquals("1", one("select ca_generation::text from issued_certificate where sha256 = ?", sha256(curlOld)));

        // CRLs: the old generation's at /crl signed by the old key, the new one's at /crl/default/2 by the new key
        assertEquals(200, revoke(curlOld).statusCode());
        assertEquals(200, revoke(bcNew).statusCode());
        X509CRLHolder crl1 = crl("/crl");
        X509CRLHolder crl2 = crl("/crl/default/2");
        assertTrue(crl1.isSignatureValid(verifier(oldCa)), "generation 1's CRL signed by the old key");
        assertTrue(crl2.isSignatureValid(verifier(links.newCa())), "generation 2's CRL signed by the new key");
        assertNotNull(crl1.getRevokedCertificate(curlOld.getSerialNumber()));
        assertNull(crl2.getRevokedCertificate(curlOld.getSerialNumber()), "an old-generation revocation: old CRL only");
        assertNotNull(crl2.getRevokedCertificate(bcNew.getSerialNumber()));
        assertNull(crl1.getRevokedCertificate(bcNew.getSerialNumber()));
        HttpResponse<String> unknown = server.get("/crl/default/3");
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("has no key generation 3"), unknown.body());

        X509Certificate secondNew = rollNamedCa();

        // a restart: the data directory still holds generation 1, the database says generation 2 issues
        server.close();
        start(server);
        assertTrue(server.log().contains("a key generation of it; the current one is SHA-256 "
                + sha256(links.newCa())), "the start-up check accepts the data directory's generation 1");
        assertEquals(links, links(cacerts(""), oldCa), "the same three certificates");
        X509Certificate after = Enroll.certificate(enroll("", OwnServer.uniqueName("roll-after")));
        after.verify(links.newCa().getPublicKey());
        assertTrue(crl("/crl").isSignatureValid(verifier(oldCa)));
        assertTrue(crl("/crl/default/2").isSignatureValid(verifier(links.newCa())));
        assertEquals(secondNew, links(cacerts("/second"), secondOld).newCa(), "the named CA too");
    }

    /** The named CA 'second' (est-it.properties) rolled as well: its label's cacerts and CRLs. */
    private X509Certificate rollNamedCa() throws Exception {
        secondOld = cacerts("/second").get(0);
        String before = OwnServer.uniqueName("roll-second");
        X509Certificate beforeCert = Enroll.certificate(enroll("/second", before));
        assertEquals(201, admin("POST", "/api/v1/cas/second/next-key", "{\"keyType\":\"rsa-3072\"}").statusCode());
        HttpResponse<String> rolled = admin("POST", "/api/v1/cas/second/rollover", null);
        assertEquals(200, rolled.statusCode(), rolled.body());
        assertTrue(rolled.body().contains("\"algorithm\":\"RSA 3072\""), rolled.body());
        List<X509Certificate> published = cacerts("/second");
        assertEquals(3, published.size());
        Links links = links(published, secondOld);
        links.newWithOld().verify(secondOld.getPublicKey());
        links.oldWithNew().verify(links.newCa().getPublicKey());
        assertEquals(3, cacerts("").size(), "the default CA's cacerts unchanged");
        X509Certificate issued = Enroll.certificate(enroll("/second", OwnServer.uniqueName("roll-second")));
        issued.verify(links.newCa().getPublicKey());
        assertTrue(crlUrl(issued).endsWith("/crl/second/2"), crlUrl(issued));
        assertEquals(200, revoke(beforeCert).statusCode());
        X509CRLHolder crl1 = crl("/crl/second");
        assertTrue(crl1.isSignatureValid(verifier(secondOld)));
        assertNotNull(crl1.getRevokedCertificate(beforeCert.getSerialNumber()));
        X509CRLHolder crl2 = crl("/crl/second/2");
        assertTrue(crl2.isSignatureValid(verifier(links.newCa())));
        assertNull(crl2.getRevokedCertificate(beforeCert.getSerialNumber()));
        return links.newCa();
    }

    /** Before any next key: every refusal is a 4xx problem with its reason, audited, and leaves rows and files as they were. */
    private void refusalsChangeNothing() throws Exception {
        String state = dbState();
        List<String> files = caFiles();
        long refusedBefore = Long.parseLong(one("select count(*)::text from audit_event where event_type in "
                + "('CA_NEXT_KEY', 'CA_ROLLOVER') and outcome = 'REFUSED'"));
        expect(409, "has no new key: POST /api/v1/cas/default/next-key first", admin("POST", "/api/v1/cas/default/rollover", null));
        expect(404, "no CA named 'nosuch'", admin("POST", "/api/v1/cas/nosuch/rollover", null));
        expect(404, "no CA named 'nosuch'", admin("POST", "/api/v1/cas/nosuch/next-key", ""));
        expect(409, "is PENDING", admin("POST", "/api/v1/cas/sub/next-key", ""));
        expect(409, "is PENDING", admin("POST", "/api/v1/cas/sub/rollover", null));
        expect(400, "keyType must be ec-p256 or rsa-3072", admin("POST", "/api/v1/cas/default/next-key", "{\"keyType\":\"dsa\"}"));
        expect(400, "unknown member", admin("POST", "/api/v1/cas/default/next-key", "{\"password\":\"x\"}"));
        assertEquals(201, admin("POST", "/api/v1/accounts", "{\"username\":\"roll-operator\",\"password\":\"roll-Operator-Secret-1\","
                + "\"role\":\"operator\"}").statusCode());
        HttpResponse<String> operator = call("POST", "/api/v1/cas/default/next-key", "", OwnServer.basic("roll-operator",
                "roll-Operator-Secret-1"));
        assertEquals(403, operator.statusCode(), operator.body());
        assertEquals(401, call("POST", "/api/v1/cas/default/rollover", null, null).statusCode());
        assertEquals(state, dbState(), "ca and ca_generation unchanged");
        assertEquals(files, caFiles(), "no key file left");
        assertEquals(refusedBefore + 6, Long.parseLong(one("select count(*)::text from audit_event where event_type in "
                + "('CA_NEXT_KEY', 'CA_ROLLOVER') and outcome = 'REFUSED'")), "each API refusal audited");
    }

    /** 'sub' (est-it.properties) activated under a root of the test's own, then refused: 409 naming the way. */
    private void aSubordinateCaIsNotRolled() throws Exception {
        HttpResponse<String> request = admin("GET", "/api/v1/cas/sub/csr", null);
        assertEquals(200, request.statusCode(), request.body());
        org.bouncycastle.pkcs.PKCS10CertificationRequest csr;
        try (org.bouncycastle.openssl.PEMParser p = new org.bouncycastle.openssl.PEMParser(
                new java.io.StringReader(SubordinateCaIT.field(request, "csr")))) {
            csr = (org.bouncycastle.pkcs.PKCS10CertificationRequest) p.readObject();
        }
        KeyPair rootKey = NamedCasIT.ecKey();
        X509Certificate root = NamedCasIT.caCertificate("CN=Rollover Root, O=IT", rootKey, rootKey);
        X509Certificate sub = SubordinateCaIT.sign(csr, root, rootKey, true, 0);
        HttpResponse<String> imported = server.client().send(HttpRequest.newBuilder(URI.create(server.url(
                "/api/v1/cas/sub/chain"))).header("Content-Type", "application/pem-certificate-chain")
                .header("Authorization", OwnServer.basic("admin", OwnServer.ADMIN_PASSWORD))
                .POST(HttpRequest.BodyPublishers.ofString(NamedCasIT.pem(sub) + NamedCasIT.pem(root))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, imported.statusCode(), imported.body());
        String state = dbState();
        List<String> files = caFiles();
        expect(409, "is a subordinate CA: its key is rolled by a new subordinate CA under the same root",
                admin("POST", "/api/v1/cas/sub/next-key", ""));
        expect(409, "is a subordinate CA", admin("POST", "/api/v1/cas/sub/rollover", null));
        assertEquals(state, dbState());
        assertEquals(files, caFiles());
    }

    record Links(X509Certificate newCa, X509Certificate newWithOld, X509Certificate oldWithNew) {
    }

    /** The three certificates of a rolled CA's cacerts, told apart by their keys. */
    private static Links links(List<X509Certificate> published, X509Certificate oldCa) throws Exception {
        X509Certificate newCa = null;
        X509Certificate nwo = null;
        X509Certificate own = null;
        for (X509Certificate c : published) {
            assertEquals(oldCa.getSubjectX500Principal(), c.getSubjectX500Principal(), "every generation keeps the subject");
            boolean oldKey = java.util.Arrays.equals(c.getPublicKey().getEncoded(), oldCa.getPublicKey().getEncoded());
            if (oldKey) {
                own = c;
            } else if (signedBy(c, oldCa)) {
                nwo = c;
            } else {
                newCa = c;
            }
        }
        assertNotNull(newCa);
        assertNotNull(nwo);
        assertNotNull(own);
        return new Links(newCa, nwo, own);
    }

    private static boolean signedBy(X509Certificate c, X509Certificate issuer) {
        try {
            c.verify(issuer.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static void expect(int status, String reason, HttpResponse<String> r) {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.body().contains(reason), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), r.headers().toString());
    }

    /** Table ca and ca_generation as text (no timestamps that a refused request could not change anyway). */
    private static String dbState() throws Exception {
        return one("select coalesce(string_agg(name || ':' || status || ':' || generation || ':' || coalesce(sha256, '-') || ':' "
                + "|| key_location || ':' || updated_at, ',' order by name), '') from ca") + " | "
                + one("select coalesce(string_agg(ca || ':' || generation || ':' || state || ':' || sha256 || ':' || updated_at, "
                        + "',' order by ca, generation), '') from ca_generation");
    }

    private static List<String> caFiles() throws Exception {
        try (Stream<Path> files = Files.list(server.dataDir.resolve("ca"))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String one(String sql, Object... params) throws Exception {
        return OwnServer.column(DATABASE, sql, params).get(0);
    }

    private static ESTService est(KeyManager[] clientKeys) throws Exception {
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("ca", pem(work.resolve("old.pem")));
        tmf.init(ks);
        JsseESTServiceBuilder b = new JsseESTServiceBuilder("localhost:" + server.httpsPort,
                (javax.net.ssl.X509TrustManager) tmf.getTrustManagers()[0]);
        if (clientKeys != null) {
            b.withKeyManagers(clientKeys);
        }
        return b.build();
    }

    private static RawHttps.Response enroll(String label, String cn) throws Exception {
        server.registerDevice(cn, PASSWORD);
        return RawHttps.send(LauncherIT.trusting(pem(work.resolve("old.pem")), null), "localhost", server.httpsPort, "POST",
                "/.well-known/est" + label + "/simpleenroll", List.of(Enroll.PKCS10, "Connection: close",
                        "Authorization: " + OwnServer.basic(cn, PASSWORD)),
                Csrs.base64Wrapped(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn))).getBytes(StandardCharsets.US_ASCII));
    }

    private static List<X509Certificate> cacerts(String label) throws Exception {
        HttpResponse<String> r = server.get("/.well-known/est" + label + "/cacerts");
        assertEquals(200, r.statusCode(), r.body());
        CMSSignedData cms = new CMSSignedData(Base64.getMimeDecoder().decode(r.body()));
        List<X509Certificate> all = new ArrayList<>();
        for (Object h : cms.getCertificates().getMatches(null)) {
            all.add(new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) h));
        }
        return all;
    }

    private static HttpResponse<String> revoke(X509Certificate cert) throws Exception {
        String serial = cert.getSerialNumber().toString(16).toUpperCase();
        return admin("POST", "/api/v1/certificates/" + serial + "/revoke", "{\"reason\":\"keyCompromise\"}");
    }

    private static X509CRLHolder crl(String path) throws Exception {
        HttpResponse<byte[]> r = server.client().send(HttpRequest.newBuilder(URI.create(server.url(path)))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), path);
        return new X509CRLHolder(r.body());
    }

    private static org.bouncycastle.operator.ContentVerifierProvider verifier(X509Certificate ca) throws Exception {
        return new JcaContentVerifierProviderBuilder().setProvider(Csrs.BC).build(ca);
    }

    private static String crlUrl(X509Certificate cert) throws Exception {
        CRLDistPoint dp = CRLDistPoint.fromExtensions(new X509CertificateHolder(cert.getEncoded()).getExtensions());
        GeneralName name = ((org.bouncycastle.asn1.x509.GeneralNames) dp.getDistributionPoints()[0]
                .getDistributionPoint().getName()).getNames()[0];
        return name.getName().toString();
    }

    private static HttpResponse<String> admin(String method, String path, String json) throws Exception {
        return call(method, path, json, OwnServer.basic("admin", OwnServer.ADMIN_PASSWORD));
    }

    private static HttpResponse<String> call(String method, String path, String json, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path))).timeout(Duration.ofSeconds(60))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return server.client().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Shell.Result sh(String script) {
        return Shell.run(work, "E=" + server.url("/.well-known/est") + "; " + script);
    }

    private static void write(String file, X509Certificate cert) throws Exception {
        Files.writeString(work.resolve(file), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
    }

    private static String sha256(X509Certificate cert) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    }

    private static X509Certificate pem(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
