// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Device administration (SPEC §10): CSV import, one-time passwords, lockout, disable, delete, roles. */
class DeviceAdministrationIT {
    static final String PASSWORD = "device-Secret-1";

    @BeforeAll
    static void server() {
        TestServer.awaitReady();
    }

    static HttpResponse<String> call(String method, String path, String body, String contentType, String user, String password)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://" + TestServer.HOST + ":" + TestServer.PORT + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (user != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return TestServer.httpClient(null).send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return call(method, path, body, body == null ? null : "application/json", "admin", TestServer.ADMIN_PASSWORD);
    }

    static long idOf(String cn) {
        return TestServer.queryLong("SELECT id FROM device WHERE common_name = ?", cn);
    }

    static int enroll(String cn, String password) throws Exception {
        return Enroll.post("simpleenroll", Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn))), null, Enroll.PKCS10,
                Enroll.basic(cn, password)).status();
    }

    @Test
    void csvImportReportsEveryLineAndOneTimePasswordsWorkOnce() throws Exception {
        String a = TestServer.uniqueName("csv-a");
        String b = TestServer.uniqueName("csv-b");
        String csv = "commonName,password,oneTime,serialNumber,ipAddress,dnsName\n"
                + a + "," + PASSWORD + ",true\n"
                + "# a comment\n"
                + b + ",short\n"
                + a + "," + PASSWORD + "\n"
                + "\"" + b + "\"," + PASSWORD + ",false,,10.1.2.3\n"
                + "x,y,maybe\n";
        HttpResponse<String> r = call("POST", "/api/v1/devices/import", csv, "text/csv", "admin", TestServer.ADMIN_PASSWORD);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"created\":2") && r.body().contains("\"refused\":3"), r.body());
        assertTrue(r.body().contains("\"line\":4") && r.body().contains("at least 8 characters"), r.body());
        assertTrue(r.body().contains("duplicate commonName in this file"), r.body());
        assertTrue(r.body().contains("oneTime must be true or false"), r.body());
        assertEquals("10.1.2.3", TestServer.queryString("SELECT ip_address FROM device WHERE common_name = ?", b));

        assertEquals(200, enroll(a, PASSWORD), "the one-time password enrolls once");
        assertEquals(401, enroll(a, PASSWORD), "and not twice");
        assertEquals(1, TestServer.issuedCount(a));
    }

    @Test
    void repeatedWrongPasswordsLockTheDeviceUntilAnAdministratorUnlocksIt() throws Exception {
        String cn = TestServer.uniqueName("lock");
        TestServer.registerDevice(cn, PASSWORD);
        for (int i = 0; i < 5; i++) {
            assertEquals(401, enroll(cn, "wrong-password-" + i));
        }
        assertEquals(401, enroll(cn, PASSWORD), "locked: even the right password is refused");
        HttpResponse<String> view = admin("GET", "/api/v1/devices/" + idOf(cn), null);
        assertTrue(view.body().contains("\"locked\":true") && view.body().contains("\"failedAttempts\":5"), view.body());
        assertTrue(admin("GET", "/api/v1/devices?locked=true&name=" + cn, null).body().contains(cn));
        assertEquals(1, TestServer.queryLong("SELECT count(*) FROM audit_event WHERE event_type = 'DEVICE_LOCKED' AND subject = ?",
                "CN=" + cn));
        assertEquals(200, admin("POST", "/api/v1/devices/" + idOf(cn) + "/unlock", null).statusCode());
        assertEquals(200, enroll(cn, PASSWORD));
        assertEquals(1, TestServer.issuedCount(cn));
    }

    @Test
    void disabledDevicesCannotEnrollAndPasswordsCanBeReset() throws Exception {
        String cn = TestServer.uniqueName("dis");
        TestServer.registerDevice(cn, PASSWORD);
        long id = idOf(cn);
        assertEquals(200, admin("POST", "/api/v1/devices/" + id + "/disable", null).statusCode());
        assertEquals(401, enroll(cn, PASSWORD));
        assertEquals(200, admin("POST", "/api/v1/devices/" + id + "/enable", null).statusCode());
        assertEquals(200, admin("POST", "/api/v1/devices/" + id + "/password", "{\"password\":\"new-Secret-22\"}").statusCode());
        assertEquals(401, enroll(cn, PASSWORD));
        assertEquals(200, enroll(cn, "new-Secret-22"));
        assertEquals(400, admin("POST", "/api/v1/devices/" + id + "/password", "{\"password\":\"x\"}").statusCode());
    }

    @Test
    void devicesWithCertificatesAreNotDeleted() throws Exception {
        String kept = TestServer.uniqueName("del-kept");
        TestServer.registerDevice(kept, PASSWORD);
        assertEquals(200, enroll(kept, PASSWORD));
        assertEquals(409, admin("DELETE", "/api/v1/devices/" + idOf(kept), null).statusCode());
        String gone = TestServer.uniqueName("del-gone");
        TestServer.registerDevice(gone, PASSWORD);
        assertEquals(204, admin("DELETE", "/api/v1/devices/" + idOf(gone), null).statusCode());
        assertEquals(0, TestServer.queryLong("SELECT count(*) FROM device WHERE common_name = ?", gone));
        assertEquals(404, admin("DELETE", "/api/v1/devices/987654321", null).statusCode());
    }

    @Test
    void auditorsReadAndOperatorsDoNotAdminister() throws Exception {
        String auditor = TestServer.uniqueName("aud");
        assertEquals(201, admin("POST", "/api/v1/accounts", "{\"username\":\"" + auditor
                + "\",\"password\":\"auditor-Secret-1\",\"role\":\"auditor\"}").statusCode());
        assertEquals(200, call("GET", "/api/v1/devices", null, null, auditor, "auditor-Secret-1").statusCode());
        assertEquals(200, call("GET", "/api/v1/certificates?limit=5", null, null, auditor, "auditor-Secret-1").statusCode());
        assertEquals(403, call("POST", "/api/v1/devices", "{\"commonName\":\"z\",\"password\":\"" + PASSWORD + "\"}",
                "application/json", auditor, "auditor-Secret-1").statusCode());
        String operator = TestServer.uniqueName("op");
        assertEquals(201, admin("POST", "/api/v1/accounts", "{\"username\":\"" + operator
                + "\",\"password\":\"operator-Secret-1\",\"role\":\"operator\"}").statusCode());
        assertEquals(403, call("POST", "/api/v1/accounts", "{\"username\":\"x\",\"password\":\"operator-Secret-1\",\"role\":\"admin\"}",
                "application/json", operator, "operator-Secret-1").statusCode());
        assertEquals(400, admin("POST", "/api/v1/accounts", "{\"username\":\"bad\",\"password\":\"operator-Secret-1\",\"role\":\"root\"}")
                .statusCode());
        assertEquals(409, admin("POST", "/api/v1/accounts", "{\"username\":\"" + auditor
                + "\",\"password\":\"auditor-Secret-1\",\"role\":\"auditor\"}").statusCode());
        assertEquals(200, admin("POST", "/api/v1/accounts/" + auditor, "{\"enabled\":false}").statusCode());
        assertEquals(401, call("GET", "/api/v1/devices", null, null, auditor, "auditor-Secret-1").statusCode());
        assertTrue(TestServer.queryLong("SELECT count(*) FROM audit_event WHERE event_type = 'ACCOUNT_CHANGED' AND subject = ?",
                auditor) == 1);
    }

    @Test
    void anAccountMayAuthenticateWithAClientCertificate() throws Exception {
        String cn = TestServer.uniqueName("api-cert");
        TestServer.registerDevice(cn, PASSWORD);
        Enroll.Credential credential = Enroll.basicEnroll(cn, PASSWORD);
        HttpResponse<String> before = TestServer.httpClient(credential.keyManagers()).send(HttpRequest.newBuilder(
                URI.create("https://" + TestServer.HOST + ":" + TestServer.PORT + "/api/v1/devices")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, before.statusCode(), "a device certificate is no API credential");
        assertEquals(201, admin("POST", "/api/v1/accounts", "{\"username\":\"" + cn + "\",\"role\":\"auditor\",\"certificate\":\""
                + Manufacturer.pem(credential.certificate()) + "\"}").statusCode());
        HttpResponse<String> after = TestServer.httpClient(credential.keyManagers()).send(HttpRequest.newBuilder(
                URI.create("https://" + TestServer.HOST + ":" + TestServer.PORT + "/api/v1/devices?limit=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, after.statusCode(), after.body());
    }

    @Test
    void openApiDocumentIsServed() throws Exception {
        HttpResponse<String> r = call("GET", "/api/v1/openapi.json", null, null, null, null);
        assertEquals(200, r.statusCode());
        Matcher m = Pattern.compile("\"openapi\"\\s*:\\s*\"3\\.").matcher(r.body());
        assertTrue(m.find());
        assertTrue(r.body().contains("/api/v1/devices/import") && r.body().contains("/api/v1/trust-anchors"));
    }
}
