// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Named CAs (issue 14): the IT server's est.properties declares CA "second" (ca.second.create) and binds the label
 * "second" to it. Two labels serve different cacerts; a device enrolled on "second" gets a certificate of that CA
 * (openssl verify), re-enrolls with it over TLS, and once revoked appears in /crl/second and not in /crl. The admin
 * API lists the CAs, creates and imports one, and refuses bad imports changing nothing.
 */
class NamedCasIT {
    static final String BASE = "https://" + TestServer.HOST + ":" + TestServer.PORT;

    @BeforeAll
    static void server() {
        TestServer.awaitReady();
    }

    @Test
    void twoLabelsTwoCasEnrollReenrollRevoke() throws Exception {
        Shell.requireProgram("openssl");
        Path dir = TestServer.workDir("named-cas");
        List<X509Certificate> defaultCa = cacerts("cacerts");
        List<X509Certificate> second = cacerts("second/cacerts");
        assertEquals(1, second.size());
        assertFalse(defaultCa.get(0).equals(second.get(0)), "the label 'second' serves another CA");
        assertTrue(second.get(0).getSubjectX500Principal().getName().contains("EST Gateway CA second"));
        Files.writeString(dir.resolve("second.pem"), pem(second.get(0)));

        String cn = TestServer.uniqueName("named");
        TestServer.registerDevice(cn, "device-Secret-1");
        Enroll.Credential cred = Enroll.basicEnroll("second/simpleenroll", cn, "device-Secret-1");
        assertEquals(second.get(0).getSubjectX500Principal(), cred.certificate().getIssuerX500Principal());
        Files.writeString(dir.resolve("leaf.pem"), pem(cred.certificate()));
        Shell.Result verify = Shell.run(dir, "openssl verify -CAfile second.pem leaf.pem");
        assertEquals(0, verify.exit(), verify.output());
        Files.writeString(dir.resolve("default.pem"), pem(defaultCa.get(0)));
        assertTrue(Shell.run(dir, "openssl verify -CAfile default.pem leaf.pem").exit() != 0, "not the default CA's");
        Shell.Result cdp = Shell.run(dir, "openssl x509 -in leaf.pem -noout -ext crlDistributionPoints");
        assertTrue(cdp.output().contains("/crl/second"), cdp.output());
        String serial = cred.certificate().getSerialNumber().toString(16).toUpperCase();
        assertEquals("second", TestServer.queryString("SELECT ca FROM issued_certificate WHERE sha256 = ?",
                java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(cred.certificate().getEncoded()))));

        // re-enrollment with the second CA's certificate over TLS
        RawHttps.Response re = Enroll.post("second/simplereenroll",
                Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn))), cred.keyManagers(), Enroll.PKCS10);
        assertEquals(200, re.status(), re.text());
        X509Certificate renewed = Enroll.certificate(re);
        assertEquals(second.get(0).getSubjectX500Principal(), renewed.getIssuerX500Principal());

        assertEquals(200, TestServer.adminPost("/api/v1/certificates/" + serial + "/revoke", "{\"reason\":\"keyCompromise\"}")
                .statusCode());
        String hex = serial.length() % 2 == 1 ? "0" + serial : serial;
        Shell.Result named = crl(dir, "/crl/second", "second.pem");
        assertEquals(0, named.exit(), named.output());
        assertTrue(named.output().contains("verify OK"), named.output());
        assertTrue(named.output().contains("Serial Number: " + hex), named.output());
        Shell.Result plain = crl(dir, "/crl", TestServer.caPem().toAbsolutePath().toString());
        assertEquals(0, plain.exit(), plain.output());
        assertFalse(plain.output().contains("Serial Number: " + hex), plain.output());
        assertEquals(404, get("/crl/nosuchca").statusCode());
    }

    @Test
    void adminApiListsCreatesImportsAndRefusesBadImports() throws Exception {
        HttpResponse<String> list = adminGet("/api/v1/cas");
        assertEquals(200, list.statusCode(), list.body());
        assertTrue(list.body().indexOf("\"name\":\"default\"") < list.body().indexOf("\"name\":\"second\""), list.body());
        assertTrue(list.body().contains("\"kind\":\"pkcs12\""), list.body());
        assertTrue(list.body().contains("\"daysToExpiry\""), list.body());

        String made = "made-" + TestServer.uniqueName("c").toLowerCase().replaceAll("[^a-z0-9]", "").substring(0, 8);
        HttpResponse<String> created = TestServer.adminPost("/api/v1/cas", "{\"name\":\"" + made
                + "\",\"keyType\":\"ec-p256\",\"subject\":\"CN=Made CA, O=IT\"}");
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.body().contains("\"subject\":\"CN=Made CA,O=IT\""), created.body());
        assertTrue(Files.exists(TestServer.DATA_DIR.resolve("ca/" + made + ".p12")));
        assertEquals(409, TestServer.adminPost("/api/v1/cas", "{\"name\":\"" + made + "\"}").statusCode());
        assertEquals(1, TestServer.queryLong("SELECT count(*) FROM audit_event WHERE event_type = 'CA_CREATED' "
                + "AND outcome = 'SUCCESS' AND reason LIKE ?", "CA '" + made + "'%"));
        assertEquals(200, get("/crl/" + made).statusCode(), "a new CA publishes its CRL at once");

        // import: a root and its key in a PKCS#12 file
        KeyPair key = ecKey();
        X509Certificate root = caCertificate("CN=Imported Root " + made, key, key);
        KeyPair other = ecKey();
        long before = TestServer.queryLong("SELECT count(*) FROM ca");
        String importName = made + "-i";
        assertRefused(importName, p12(other, List.of(root), "pw-1"), "pw-1", "does not match");
        assertRefused(importName, p12(key, List.of(root), "pw-1"), "wrong", "password");
        assertRefused(importName, Base64.getEncoder().encodeToString("garbage".getBytes(StandardCharsets.US_ASCII)), "pw-1",
                "PKCS#12");
        X509Certificate leafNotCa = leafCertificate("CN=not a CA", key, key);
        assertRefused(importName, p12(key, List.of(leafNotCa), "pw-1"), "pw-1", "not a CA certificate");
        assertEquals(before, TestServer.queryLong("SELECT count(*) FROM ca"), "nothing stored");
        assertFalse(Files.exists(TestServer.DATA_DIR.resolve("ca/" + importName + ".p12")), "no file written");

        HttpResponse<String> imported = TestServer.adminPost("/api/v1/cas", "{\"name\":\"" + importName + "\",\"pkcs12\":\""
                + p12(key, List.of(root), "pw-1") + "\",\"password\":\"pw-1\"}");
        assertEquals(201, imported.statusCode(), imported.body());
        assertFalse(imported.body().contains("pw-1"), "no password in responses");
        assertTrue(adminGet("/api/v1/cas").body().contains("\"name\":\"" + importName + "\""));
    }

    private static void assertRefused(String name, String p12, String password, String reason) {
        HttpResponse<String> r = TestServer.adminPost("/api/v1/cas", "{\"name\":\"" + name + "\",\"pkcs12\":\"" + p12
                + "\",\"password\":\"" + password + "\"}");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains(reason), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").contains("problem+json"), r.headers().toString());
    }

    static List<X509Certificate> cacerts(String path) throws Exception {
        HttpResponse<String> r = get("/.well-known/est/" + path);
        assertEquals(200, r.statusCode(), r.body());
        CMSSignedData cms = new CMSSignedData(Base64.getMimeDecoder().decode(r.body()));
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> holders = cms.getCertificates().getMatches(null);
        List<X509Certificate> certs = new ArrayList<>();
        for (X509CertificateHolder h : holders) {
            certs.add(new JcaX509CertificateConverter().getCertificate(h));
        }
        return certs;
    }

    private static Shell.Result crl(Path dir, String path, String caFile) throws Exception {
        return Shell.run(dir, "curl -sS --fail --cacert " + TestServer.caPem().toAbsolutePath() + " -o crl.der " + BASE + path
                + " && openssl crl -inform DER -in crl.der -noout -CAfile " + caFile + " -text");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return TestServer.httpClient(null).send(HttpRequest.newBuilder(URI.create(BASE + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> adminGet(String path) throws Exception {
        return TestServer.httpClient(null).send(HttpRequest.newBuilder(URI.create(BASE + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + TestServer.ADMIN_PASSWORD)
                        .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    }

    static KeyPair ecKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    static X509Certificate caCertificate(String dn, KeyPair subject, KeyPair issuer) throws Exception {
        return certificate(dn, dn, subject, issuer, true);
    }

    static X509Certificate leafCertificate(String dn, KeyPair subject, KeyPair issuer) throws Exception {
        return certificate(dn, dn, subject, issuer, false);
    }

    static X509Certificate certificate(String dn, String issuerDn, KeyPair subject, KeyPair issuer, boolean ca)
            throws Exception {
        long now = System.currentTimeMillis();
        var b = new JcaX509v3CertificateBuilder(new X500Name(issuerDn), java.math.BigInteger.valueOf(now),
                new java.util.Date(now - 60_000), new java.util.Date(now + 86_400_000L * 365), new X500Name(dn),
                subject.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (ca) {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        }
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
    }

    static String p12(KeyPair key, List<X509Certificate> chain, String password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("ca", key.getPrivate(), password.toCharArray(), chain.toArray(Certificate[]::new));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ks.store(out, password.toCharArray());
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    static String pem(X509Certificate c) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(c.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }

    static CertificateFactory x509() throws Exception {
        return CertificateFactory.getInstance("X.509");
    }
}
