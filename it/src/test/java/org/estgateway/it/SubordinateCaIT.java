// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Subordinate CA under an enterprise root (issue 14). The IT server's est.properties declares CA "sub"
 * (ca.sub.subordinate = true: PENDING from the first start) and binds the label "sub" to it: enrolling there answers
 * 503 until the chain is imported. The test makes its own root, signs the gateway's PKCS#10 request, refuses bad
 * chains with nothing changed, imports the good one; then cacerts of "sub" is subordinate + root and an enrolled
 * device verifies with {@code openssl verify -CAfile root.pem -untrusted chain.pem}. A second subordinate is started
 * through POST /api/v1/cas/{name}/csr and activated under an intermediate.
 */
class SubordinateCaIT {
    static final String BASE = "https://" + TestServer.HOST + ":" + TestServer.PORT;

    @BeforeAll
    static void server() {
        TestServer.awaitReady();
    }

    @Test
    void labelBoundSubordinateImportsChainAndIssuesVerifiably() throws Exception {
        Shell.requireProgram("openssl");
        Path dir = TestServer.workDir("subordinate-ca");
        String status = TestServer.queryString("SELECT status FROM ca WHERE name = 'sub'");
        Assumptions.assumeTrue("PENDING".equals(status), "CA 'sub' is " + status + ": needs a fresh IT data directory");

        String cn = TestServer.uniqueName("sub");
        TestServer.registerDevice(cn, "device-Secret-1");
        RawHttps.Response early = Enroll.post("sub/simpleenroll", Csrs.base64Wrapped(Csrs.der(Csrs.csr(Csrs.ecKey(),
                "CN=" + cn))).getBytes(StandardCharsets.US_ASCII), null, Enroll.PKCS10, Enroll.basic(cn, "device-Secret-1"));
        assertEquals(503, early.status(), early.text());
        assertTrue(early.text().contains("pending"), early.text());

        HttpResponse<String> got = adminGet("/api/v1/cas/sub/csr");
        assertEquals(200, got.statusCode(), got.body());
        PKCS10CertificationRequest csr = checkedCsr(field(got, "csr"));

        KeyPair rootKey = NamedCasIT.ecKey();
        X509Certificate root = NamedCasIT.caCertificate("CN=Enterprise Root " + cn + ", O=IT", rootKey, rootKey);
        X509Certificate sub = sign(csr, root, rootKey, true, 0);

        // bad chains: refused with a problem document, the CA stays PENDING
        KeyPair otherKey = NamedCasIT.ecKey();
        X509Certificate otherRoot = NamedCasIT.caCertificate("CN=Other Root, O=IT", otherKey, otherKey);
        assertRefused("sub", "garbage", 400, "PEM");
        assertRefused("sub", NamedCasIT.pem(root), 400, "pending CA key");
        assertRefused("sub", NamedCasIT.pem(sign(csr, root, rootKey, false, -1)) + NamedCasIT.pem(root), 400, "not a CA");
        assertRefused("sub", NamedCasIT.pem(signExpired(csr, root, rootKey)) + NamedCasIT.pem(root), 400, "not valid now");
        assertRefused("sub", NamedCasIT.pem(sub) + NamedCasIT.pem(otherRoot), 400, "does not link up");
        assertEquals("PENDING", TestServer.queryString("SELECT status FROM ca WHERE name = 'sub'"));
        assertEquals(0, TestServer.queryLong("SELECT count(*) FROM ca WHERE name = 'sub' AND der IS NOT NULL"));

        HttpResponse<String> imported = postPem("/api/v1/cas/sub/chain", NamedCasIT.pem(sub) + NamedCasIT.pem(root));
        assertEquals(200, imported.statusCode(), imported.body());
        assertEquals("ACTIVE", field(imported, "status"));
        assertTrue(imported.body().contains("\"subordinate\":true"), imported.body());
        assertRefused("sub", NamedCasIT.pem(sub) + NamedCasIT.pem(root), 409, "not PENDING");
        assertEquals(1, TestServer.queryLong("SELECT count(*) FROM audit_event WHERE event_type = 'CA_CHAIN_IMPORTED' "
                + "AND outcome = 'SUCCESS' AND reason LIKE 'CA ''sub''%'"));

        List<X509Certificate> cacerts = cacerts("sub/cacerts");
        assertEquals(2, cacerts.size(), "cacerts: the subordinate CA certificate and the root");
        assertEquals(java.util.Set.of(sub, root), java.util.Set.copyOf(cacerts));

        Enroll.Credential device = Enroll.basicEnroll("sub/simpleenroll", cn, "device-Secret-1");
        assertEquals(sub.getSubjectX500Principal(), device.certificate().getIssuerX500Principal());
        Files.writeString(dir.resolve("root.pem"), NamedCasIT.pem(root));
        Files.writeString(dir.resolve("chain.pem"), NamedCasIT.pem(sub));
        Files.writeString(dir.resolve("device.pem"), NamedCasIT.pem(device.certificate()));
        Shell.Result verify = Shell.run(dir, "openssl verify -CAfile root.pem -untrusted chain.pem device.pem");
        assertEquals(0, verify.exit(), verify.output());
        assertTrue(Shell.run(dir, "openssl verify -CAfile root.pem device.pem").exit() != 0, "needs the subordinate");
    }

    @Test
    void requestThroughTheApiThenImportUnderAnIntermediate() throws Exception {
        String name = "sub-" + TestServer.uniqueName("s").toLowerCase().replaceAll("[^a-z0-9]", "").substring(0, 8);
        HttpResponse<String> created = TestServer.adminPost("/api/v1/cas/" + name + "/csr",
                "{\"keyType\":\"ec-p256\",\"subject\":\"CN=Plant Issuing CA " + name + ", O=IT\"}");
        assertEquals(201, created.statusCode(), created.body());
        assertEquals("PENDING", field(created, "status"));
        String csrPem = field(created, "csr");
        assertTrue(csrPem.startsWith("-----BEGIN CERTIFICATE REQUEST-----"), created.body());
        assertTrue(!created.body().contains("PRIVATE KEY"), "the key never leaves");
        assertTrue(Files.exists(TestServer.DATA_DIR.resolve("ca/" + name + ".p12")));
        assertEquals(1, TestServer.queryLong("SELECT count(*) FROM ca WHERE name = ? AND status = 'PENDING' "
                + "AND der IS NULL AND sha256 IS NULL", name));
        assertEquals(409, TestServer.adminPost("/api/v1/cas/" + name + "/csr", "{\"subject\":\"CN=x\"}").statusCode());
        assertEquals(409, TestServer.adminPost("/api/v1/cas/default/csr", "{\"subject\":\"CN=x\"}").statusCode());
        assertEquals(400, TestServer.adminPost("/api/v1/cas/" + name + "-b/csr", "{\"keyType\":\"dsa\",\"subject\":\"CN=x\"}")
                .statusCode());
        assertEquals(0, TestServer.queryLong("SELECT count(*) FROM ca WHERE name = ?", name + "-b"));
        PKCS10CertificationRequest csr = checkedCsr(csrPem);

        KeyPair rootKey = NamedCasIT.ecKey();
        X509Certificate root = NamedCasIT.caCertificate("CN=Root " + name + ", O=IT", rootKey, rootKey);
        KeyPair interKey = NamedCasIT.ecKey();
        X509Certificate inter = NamedCasIT.certificate("CN=Intermediate " + name + ", O=IT", "CN=Root " + name + ", O=IT",
                interKey, rootKey, true);
        X509Certificate sub = sign(csr, inter, interKey, true, 0);
        assertRefused(name, NamedCasIT.pem(sub) + NamedCasIT.pem(root), 400, "does not link up");
        assertEquals(404, postPem("/api/v1/cas/nosuch-ca/chain", NamedCasIT.pem(sub)).statusCode());

        HttpResponse<String> imported = postPem("/api/v1/cas/" + name + "/chain", NamedCasIT.pem(sub) + NamedCasIT.pem(inter));
        assertEquals(200, imported.statusCode(), imported.body());
        assertEquals("ACTIVE", field(imported, "status"));
        assertTrue(imported.body().contains("\"loaded\":true"), "issues on this node at once");
        assertEquals(1, TestServer.queryLong("SELECT count(*) FROM ca WHERE name = ? AND status = 'ACTIVE' "
                + "AND chain_pem LIKE '-----BEGIN CERTIFICATE-----%'", name));
        assertEquals(409, adminGet("/api/v1/cas/" + name + "/csr").statusCode(), "no open request any more");
    }

    /** The gateway's request: signed by its key, asks for a CA certificate (extensionRequest). */
    private static PKCS10CertificationRequest checkedCsr(String pem) throws Exception {
        PKCS10CertificationRequest csr;
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            csr = (PKCS10CertificationRequest) p.readObject();
        }
        assertTrue(csr.isSignatureValid(new JcaContentVerifierProviderBuilder()
                .build(new JcaPKCS10CertificationRequest(csr).getPublicKey())));
        var attrs = csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
        assertEquals(1, attrs.length);
        Extensions ext = Extensions.getInstance(attrs[0].getAttrValues().getObjectAt(0));
        BasicConstraints bc = BasicConstraints.fromExtensions(ext);
        assertNotNull(bc);
        assertTrue(bc.isCA());
        assertTrue(KeyUsage.fromExtensions(ext).hasUsages(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return csr;
    }

    static X509Certificate sign(PKCS10CertificationRequest csr, X509Certificate issuer, KeyPair issuerKey, boolean ca,
            int pathLen) throws Exception {
        long now = System.currentTimeMillis();
        return sign(csr, issuer, issuerKey, ca, pathLen, new Date(now - 60_000), new Date(now + 86_400_000L * 365));
    }

    static X509Certificate signExpired(PKCS10CertificationRequest csr, X509Certificate issuer, KeyPair issuerKey)
            throws Exception {
        long now = System.currentTimeMillis();
        return sign(csr, issuer, issuerKey, true, 0, new Date(now - 86_400_000L * 3), new Date(now - 86_400_000L));
    }

    static X509Certificate sign(PKCS10CertificationRequest csr, X509Certificate issuer, KeyPair issuerKey, boolean ca,
            int pathLen, Date from, Date to) throws Exception {
        var b = new JcaX509v3CertificateBuilder(X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded()),
                BigInteger.valueOf(System.nanoTime()), from, to, csr.getSubject(),
                new JcaPKCS10CertificationRequest(csr).getPublicKey());
        b.addExtension(Extension.basicConstraints, true, ca ? new BasicConstraints(pathLen) : new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                : KeyUsage.digitalSignature));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
    }

    private static void assertRefused(String name, String pem, int status, String reason) {
        HttpResponse<String> r = postPem("/api/v1/cas/" + name + "/chain", pem);
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(r.body().contains(reason), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").contains("problem+json"), r.headers().toString());
    }

    private static HttpResponse<String> postPem(String path, String pem) {
        try {
            return TestServer.httpClient(null).send(HttpRequest.newBuilder(URI.create(BASE + path))
                    .header("Content-Type", "application/pem-certificate-chain").header("Authorization", admin())
                    .POST(HttpRequest.BodyPublishers.ofString(pem)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> adminGet(String path) throws Exception {
        return TestServer.httpClient(null).send(HttpRequest.newBuilder(URI.create(BASE + path))
                .header("Authorization", admin()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String admin() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + TestServer.ADMIN_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** A string member of a flat JSON answer. */
    static String field(HttpResponse<String> r, String key) {
        var m = java.util.regex.Pattern.compile("\"" + key + "\":\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(r.body());
        assertTrue(m.find(), key + " in " + r.body());
        return m.group(1).replace("\\n", "\n").replace("\\/", "/");
    }

    private static List<X509Certificate> cacerts(String path) throws Exception {
        return NamedCasIT.cacerts(path);
    }
}
