// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, the CA carried everywhere: audit rows name the CA, the admin API addresses a certificate by CA and serial
 * (?ca=; a serial is unique per CA only), and a CA's life ends through DELETE /api/v1/cas/{name} (a PENDING CA is
 * deleted with its key file, an ACTIVE one RETIRED). A serial shared by two CAs is made the way it happens in the
 * field: a CA imported with its key (the test holds it, as a PKI team migrating a CA would) whose earlier
 * certificates are put on record; the gateway's own serials are random and never collide on purpose.
 */
class CaOperationsIT {
    @BeforeAll
    static void server() {
        TestServer.awaitReady();
    }

    @Test
    void enrollmentAndRevocationAuditRowsNameTheCa() throws Exception {
        String cn = TestServer.uniqueName("ca-audit");
        TestServer.registerDevice(cn, "device-Secret-1");
        Enroll.Credential cred = Enroll.basicEnroll("second/simpleenroll", cn, "device-Secret-1");
        assertEquals("second", TestServer.queryString("SELECT ca FROM audit_event WHERE event_type = 'ENROLL' "
                + "AND outcome = 'SUCCESS' AND subject LIKE ?", "%CN=" + cn + "%"));
        RawHttps.Response refused = Enroll.post("second/simpleenroll", Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(),
                "CN=" + cn))), null, Enroll.PKCS10, Enroll.basic(cn, "wrong-Password-1"));
        assertEquals(401, refused.status(), refused.text());
        assertEquals("second", TestServer.queryString("SELECT ca FROM audit_event WHERE event_type = 'ENROLL' "
                + "AND outcome = 'REFUSED' AND actor = ? ORDER BY id DESC LIMIT 1", cn), "a refusal names the label's CA");

        String serial = cred.certificate().getSerialNumber().toString(16);
        HttpResponse<String> revoked = TestServer.adminPost("/api/v1/certificates/" + serial + "/revoke?ca=second",
                "{\"reason\":\"superseded\"}");
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertTrue(revoked.body().contains("\"ca\":\"second\""), revoked.body());
        assertEquals("second", TestServer.queryString("SELECT ca FROM audit_event WHERE event_type = 'CERTIFICATE_REVOKED' "
                + "AND outcome = 'SUCCESS' AND serial_hex = ?", serial));
        assertEquals("second", TestServer.queryString("SELECT ca FROM v_revocations WHERE serial_hex = ?", serial));
        assertEquals("admin", TestServer.queryString("SELECT revoked_by FROM v_revocations WHERE serial_hex = ?", serial));
        HttpResponse<String> again = TestServer.adminPost("/api/v1/certificates/" + serial + "/revoke?ca=second", "{}");
        assertEquals(409, again.statusCode(), again.body());
        assertEquals("second", TestServer.queryString("SELECT ca FROM audit_event WHERE event_type = 'CERTIFICATE_REVOKED' "
                + "AND outcome = 'REFUSED' AND serial_hex = ?", serial));
        assertEquals("second", TestServer.queryString("SELECT ca FROM v_refused_attempts WHERE event_type = "
                + "'CERTIFICATE_REVOKED' AND reason LIKE ?", "%" + serial + "%already revoked%"));
    }

    @Test
    void aSerialSharedByTwoCasIsAddressedByCaAndRevokedInItsOwnCrlOnly() throws Exception {
        Shell.requireProgram("openssl");
        Path dir = TestServer.workDir("ca-serial");
        String cn = TestServer.uniqueName("ca-serial");
        TestServer.registerDevice(cn, "device-Secret-1");
        Enroll.Credential mine = Enroll.basicEnroll(cn, "device-Secret-1");
        BigInteger shared = mine.certificate().getSerialNumber();
        String serial = shared.toString(16);

        Imported legacy = importCa("legacy");
        X509Certificate colliding = issue(legacy, "CN=" + cn + "-legacy", shared, Csrs.ecKey());
        insertIssued(colliding, legacy.name(), cn);

        HttpResponse<String> ambiguous = admin("GET", "/api/v1/certificates/" + serial, null);
        assertEquals(409, ambiguous.statusCode(), ambiguous.body());
        assertTrue(ambiguous.body().contains("serial " + serial + " exists under CAs default, " + legacy.name()
                + ": give ?ca="), ambiguous.body());
        HttpResponse<String> refused = TestServer.adminPost("/api/v1/certificates/" + serial + "/revoke", "{}");
        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("give ?ca="), refused.body());
        HttpResponse<String> unknownCa = TestServer.adminPost("/api/v1/certificates/" + serial + "/revoke?ca=nosuchca", "{}");
        assertEquals(404, unknownCa.statusCode(), unknownCa.body());
        assertTrue(unknownCa.body().contains("no CA named 'nosuchca'"), unknownCa.body());
        HttpResponse<String> otherCa = TestServer.adminPost("/api/v1/certificates/" + serial + "/revoke?ca=second", "{}");
        assertEquals(404, otherCa.statusCode(), otherCa.body());
        assertTrue(otherCa.body().contains("issued by CA 'second'"), otherCa.body());
        assertEquals(0, TestServer.queryLong("SELECT count(*) FROM issued_certificate WHERE serial_hex = ? "
                + "AND status = 'REVOKED'", serial), "the refusals changed nothing");
        assertEquals(3, TestServer.queryLong("SELECT count(*) FROM audit_event WHERE event_type = 'CERTIFICATE_REVOKED' "
                + "AND outcome = 'REFUSED' AND serial_hex = ?", serial), "each refusal is audited");

        HttpResponse<String> listed = admin("GET", "/api/v1/certificates?serial=" + serial, null);
        assertTrue(listed.body().contains("\"ca\":\"default\"") && listed.body().contains("\"ca\":\"" + legacy.name()
                + "\""), listed.body());
        HttpResponse<String> one = admin("GET", "/api/v1/certificates?serial=" + serial + "&ca=" + legacy.name(), null);
        assertFalse(one.body().contains("\"ca\":\"default\""), one.body());

        HttpResponse<String> revoked = TestServer.adminPost("/api/v1/certificates/" + serial + "/revoke?ca=" + legacy.name(),
                "{\"reason\":\"cessationOfOperation\"}");
        assertEquals(200, revoked.statusCode(), revoked.body());
        assertTrue(revoked.body().contains("\"ca\":\"" + legacy.name() + "\""), revoked.body());
        assertTrue(revoked.body().contains("\"status\":\"REVOKED\""), revoked.body());
        HttpResponse<String> theDefaultOne = admin("GET", "/api/v1/certificates/" + serial + "?ca=default", null);
        assertEquals(200, theDefaultOne.statusCode(), theDefaultOne.body());
        assertTrue(theDefaultOne.body().contains("\"status\":\"VALID\""), theDefaultOne.body());

        String hex = serial.toUpperCase();
        hex = hex.length() % 2 == 1 ? "0" + hex : hex;
        Files.writeString(dir.resolve("legacy.pem"), NamedCasIT.pem(legacy.certificate()));
        Shell.Result own = crl(dir, "/crl/" + legacy.name(), "legacy.pem");
        assertEquals(0, own.exit(), own.output());
        assertTrue(own.output().contains("verify OK"), own.output());
        assertTrue(own.output().contains("Serial Number: " + hex), own.output());
        Shell.Result other = crl(dir, "/crl", TestServer.caPem().toAbsolutePath().toString());
        assertEquals(0, other.exit(), other.output());
        assertFalse(other.output().contains("Serial Number: " + hex), "not in the default CA's CRL: " + other.output());
    }

    @Test
    void aPendingCaIsDeletedWithItsKeyFile() throws Exception {
        String name = caName("pend");
        HttpResponse<String> requested = TestServer.adminPost("/api/v1/cas/" + name + "/csr",
                "{\"subject\":\"CN=Pending " + name + ", O=IT\"}");
        assertEquals(201, requested.statusCode(), requested.body());
        Path key = TestServer.DATA_DIR.resolve("ca/" + name + ".p12");
        assertTrue(Files.exists(key));

        HttpResponse<String> deleted = admin("DELETE", "/api/v1/cas/" + name, null);
        assertEquals(204, deleted.statusCode(), deleted.body());
        assertEquals(0, TestServer.queryLong("SELECT count(*) FROM ca WHERE name = ?", name));
        assertFalse(Files.exists(key), "the pending key file is gone");
        assertEquals(1, TestServer.queryLong("SELECT count(*) FROM audit_event WHERE event_type = 'CA_DELETED' "
                + "AND outcome = 'SUCCESS' AND ca = ?", name));
        assertEquals(404, admin("GET", "/api/v1/cas/" + name + "/csr", null).statusCode());

        HttpResponse<String> gone = admin("DELETE", "/api/v1/cas/" + name, null);
        assertEquals(404, gone.statusCode(), gone.body());
        assertEquals(1, TestServer.queryLong("SELECT count(*) FROM audit_event WHERE event_type = 'CA_RETIRED' "
                + "AND outcome = 'REFUSED' AND ca = ?", name));
    }

    @Test
    void aRetiredCaIssuesNoMoreButItsCertificatesStayRevocableInItsCrlAndStillAuthenticate() throws Exception {
        Shell.requireProgram("openssl");
        Path dir = TestServer.workDir("ca-retire");
        Imported ca = importCa("ret");
        String cn = TestServer.uniqueName("ca-retire");
        TestServer.registerDevice(cn, "device-Secret-1");
        KeyPair deviceKey = Csrs.ecKey();
        X509Certificate before = issue(ca, "CN=" + cn, new BigInteger(64, new java.security.SecureRandom()), deviceKey);
        insertIssued(before, ca.name(), cn);
        X509Certificate toRevoke = issue(ca, "CN=" + cn + "-2", new BigInteger(64, new java.security.SecureRandom()),
                Csrs.ecKey());
        insertIssued(toRevoke, ca.name(), cn);

        HttpResponse<String> retired = admin("DELETE", "/api/v1/cas/" + ca.name(), null);
        assertEquals(200, retired.statusCode(), retired.body());
        assertTrue(retired.body().contains("\"status\":\"RETIRED\""), retired.body());
        assertTrue(retired.body().contains("\"loaded\":false"), "dropped by this node's registry at once: " + retired.body());
        assertEquals("RETIRED", TestServer.queryString("SELECT status FROM ca WHERE name = ?", ca.name()));
        assertTrue(Files.exists(TestServer.DATA_DIR.resolve("ca/" + ca.name() + ".p12")), "the key stays: it signs the CRL");
        assertEquals(1, TestServer.queryLong("SELECT count(*) FROM audit_event WHERE event_type = 'CA_RETIRED' "
                + "AND outcome = 'SUCCESS' AND ca = ?", ca.name()));
        HttpResponse<String> twice = admin("DELETE", "/api/v1/cas/" + ca.name(), null);
        assertEquals(409, twice.statusCode(), twice.body());
        assertTrue(twice.body().contains("RETIRED already"), twice.body());

        // its certificates stay revocable, and its CRL (signed by the retired CA) lists them
        String serial = toRevoke.getSerialNumber().toString(16);
        HttpResponse<String> revoked = TestServer.adminPost("/api/v1/certificates/" + serial + "/revoke?ca=" + ca.name(),
                "{\"reason\":\"cessationOfOperation\"}");
        assertEquals(200, revoked.statusCode(), revoked.body());
        Files.writeString(dir.resolve("retired.pem"), NamedCasIT.pem(ca.certificate()));
        Shell.Result crl = crl(dir, "/crl/" + ca.name(), "retired.pem");
        assertEquals(0, crl.exit(), crl.output());
        assertTrue(crl.output().contains("verify OK"), crl.output());
        String hex = serial.toUpperCase();
        assertTrue(crl.output().contains("Serial Number: " + (hex.length() % 2 == 1 ? "0" + hex : hex)), crl.output());

        // a device holding a certificate of the retired CA still authenticates and re-enrolls onto a label of an
        // active CA (here the default CA's)
        RawHttps.Response re = Enroll.post("simplereenroll", Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn))),
                new Enroll.Credential(deviceKey, before).keyManagers(), Enroll.PKCS10);
        assertEquals(200, re.status(), re.text());
        assertEquals(TestServer.caCertificate().getSubjectX500Principal(), Enroll.certificate(re).getIssuerX500Principal());
    }

    @Test
    void removalIsRefusedForTheDefaultCaACaAProcedureNamesAnUnknownOneAndNonAdmins() throws Exception {
        String states = TestServer.queryString("SELECT string_agg(name || '=' || status, ',' ORDER BY name) FROM ca");
        HttpResponse<String> byDefault = admin("DELETE", "/api/v1/cas/default", null);
        assertEquals(409, byDefault.statusCode(), byDefault.body());
        assertTrue(byDefault.body().contains("data directory's CA"), byDefault.body());
        HttpResponse<String> named = admin("DELETE", "/api/v1/cas/second", null);
        assertEquals(409, named.statusCode(), named.body());
        assertTrue(named.body().contains("named by procedure 'second' (Second CA Procedure)"), named.body());
        HttpResponse<String> pendingNamed = admin("DELETE", "/api/v1/cas/sub", null);
        assertEquals(409, pendingNamed.statusCode(), pendingNamed.body());
        assertTrue(pendingNamed.body().contains("named by procedure 'sub'"), pendingNamed.body());
        HttpResponse<String> unknown = admin("DELETE", "/api/v1/cas/nosuchca", null);
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertTrue(unknown.body().contains("no CA named 'nosuchca'"), unknown.body());
        assertTrue(unknown.headers().firstValue("Content-Type").orElse("").contains("problem+json"));

        String operator = TestServer.uniqueName("ca-op");
        assertEquals(201, TestServer.adminPost("/api/v1/accounts", "{\"username\":\"" + operator
                + "\",\"password\":\"operator-Secret-1\",\"role\":\"operator\"}").statusCode());
        HttpResponse<String> notAdmin = DeviceAdministrationIT.call("DELETE", "/api/v1/cas/second", null, null, operator,
                "operator-Secret-1");
        assertEquals(403, notAdmin.statusCode(), notAdmin.body());
        assertEquals(401, DeviceAdministrationIT.call("DELETE", "/api/v1/cas/second", null, null, null, null).statusCode());

        assertEquals(states, TestServer.queryString("SELECT string_agg(name || '=' || status, ',' ORDER BY name) FROM ca"),
                "nothing changed");
        assertTrue(Files.exists(TestServer.DATA_DIR.resolve("ca/second.p12")));
        assertEquals(1, TestServer.queryLong("SELECT count(*) FROM audit_event WHERE event_type = 'CA_RETIRED' "
                + "AND outcome = 'REFUSED' AND ca = 'second' AND http_status = 409 AND reason LIKE '%Second CA Procedure%'"));
        assertEquals(1, TestServer.queryLong("SELECT count(*) FROM audit_event WHERE event_type = 'CA_RETIRED' "
                + "AND outcome = 'REFUSED' AND ca = 'nosuchca' AND http_status = 404"));
        assertNull(TestServer.queryString("SELECT ca FROM audit_event WHERE outcome = 'REFUSED' AND actor = ?", operator),
                "a 403 never reached the CA");
    }

    /** A CA imported through the admin API from a PKCS#12 file whose key the test keeps. */
    record Imported(String name, KeyPair key, X509Certificate certificate) {
    }

    static Imported importCa(String prefix) throws Exception {
        String name = caName(prefix);
        KeyPair key = NamedCasIT.ecKey();
        X509Certificate root = NamedCasIT.caCertificate("CN=" + name + " Root, O=IT", key, key);
        HttpResponse<String> r = TestServer.adminPost("/api/v1/cas", "{\"name\":\"" + name + "\",\"pkcs12\":\""
                + NamedCasIT.p12(key, List.of(root), "pw-1") + "\",\"password\":\"pw-1\"}");
        assertEquals(201, r.statusCode(), r.body());
        return new Imported(name, key, root);
    }

    static String caName(String prefix) {
        return prefix + "-" + TestServer.uniqueName("c").replaceAll("[^a-z0-9]", "").substring(1, 9);
    }

    /** An end-entity certificate the CA signed itself (before it was imported): the serial is the CA's choice. */
    static X509Certificate issue(Imported ca, String subject, BigInteger serial, KeyPair subjectKey) throws Exception {
        long now = System.currentTimeMillis();
        var b = new JcaX509v3CertificateBuilder(X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()),
                serial, new java.util.Date(now - 60_000), new java.util.Date(now + 86_400_000L * 30), new X500Name(subject),
                subjectKey.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        // the dNSName the gateway's device profile adds from the CN, so that re-enrollment finds the same SAN
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName,
                subject.substring(subject.indexOf('=') + 1))));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(ca.key().getPrivate())));
    }

    /** Puts a certificate the CA issued before its import on record, for the device {@code cn}. */
    static void insertIssued(X509Certificate cert, String ca, String cn) throws Exception {
        X509CertificateHolder h = new X509CertificateHolder(cert.getEncoded());
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        try (Connection c = DriverManager.getConnection(TestServer.DB_URL, "postgres", "postgres");
                PreparedStatement ps = c.prepareStatement("INSERT INTO issued_certificate (device_id, serial_hex, "
                        + "issuer_dn, subject_dn, subject_der, not_before, not_after, sha256, der, operation, auth_method, "
                        + "auth_identity, csr_sha256, ca) SELECT id, ?, ?, ?, ?, ?, ?, ?, ?, 'simpleenroll', 'HTTP_BASIC', "
                        + "?, ?, ? FROM device WHERE common_name = ?")) {
            ps.setString(1, cert.getSerialNumber().toString(16));
            ps.setString(2, h.getIssuer().toString());
            ps.setString(3, h.getSubject().toString());
            ps.setBytes(4, h.getSubject().getEncoded());
            ps.setTimestamp(5, new java.sql.Timestamp(cert.getNotBefore().getTime()));
            ps.setTimestamp(6, new java.sql.Timestamp(cert.getNotAfter().getTime()));
            ps.setString(7, sha256);
            ps.setBytes(8, cert.getEncoded());
            ps.setString(9, cn);
            ps.setString(10, "0".repeat(64));
            ps.setString(11, ca);
            ps.setString(12, cn);
            assertEquals(1, ps.executeUpdate());
        }
    }

    private static HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return DeviceAdministrationIT.admin(method, path, body);
    }

    private static Shell.Result crl(Path dir, String path, String caFile) throws Exception {
        return Shell.run(dir, "curl -sS --fail --cacert " + TestServer.caPem().toAbsolutePath() + " -o crl.der "
                + NamedCasIT.BASE + path + " && openssl crl -inform DER -in crl.der -noout -CAfile " + caFile + " -text");
    }
}
