// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The admin API's device preregistration (SPEC §10): role admin, strict JSON, problem responses. */
class AdminApiIT {
    @BeforeAll
    static void server() {
        TestServer.awaitReady();
    }

    static long devices() {
        return TestServer.queryLong("SELECT count(*) FROM device");
    }

    static void assertProblem(HttpResponse<String> r, int status) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("application/problem+json", r.headers().firstValue("Content-Type").orElse(""));
        assertTrue(r.body().contains("\"status\":" + status), r.body());
    }

    @Test
    void createdDeviceIsReadableAndNeverShowsItsPassword() throws Exception {
        String cn = TestServer.uniqueName("api-dev");
        HttpResponse<String> r = TestServer.adminPost("/api/v1/devices",
                "{\"commonName\":\"" + cn + "\",\"password\":\"api-Secret-1\",\"oneTime\":true,\"ipAddress\":\"10.0.0.7\"}");
        assertEquals(201, r.statusCode(), r.body());
        String location = r.headers().firstValue("Location").orElseThrow();
        assertTrue(r.body().contains("\"commonName\":\"" + cn + "\""));
        assertTrue(r.body().contains("\"oneTime\":true"));
        assertTrue(!r.body().contains("api-Secret-1") && !r.body().contains("pbkdf2"), "no password or hash in responses");
        HttpResponse<String> get = TestServer.httpClient(null).send(HttpRequest.newBuilder(URI.create(location))
                .header("Authorization", admin()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, get.statusCode());
        assertTrue(get.body().contains("\"ipAddress\":\"10.0.0.7\""));
        assertTrue(TestServer.queryString("SELECT password_hash FROM device WHERE common_name = ?", cn)
                .startsWith("pbkdf2-sha256$"), "stored with a slow hash");
        assertEquals(1, TestServer.queryLong("SELECT count(*) FROM audit_event WHERE event_type = 'DEVICE_CREATED' "
                + "AND actor = 'admin' AND subject = ?", "CN=" + cn));
    }

    @Test
    void withoutCredentialsTheApiAnswers401WithChallenge() {
        long before = devices();
        HttpResponse<String> r = TestServer.adminPost("/api/v1/devices",
                "{\"commonName\":\"x-" + System.nanoTime() + "\",\"password\":\"api-Secret-1\"}", null, null);
        assertProblem(r, 401);
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm="));
        assertEquals(before, devices());
    }

    @Test
    void wrongAdminPasswordIs401AndAudited() {
        long before = devices();
        HttpResponse<String> r = TestServer.adminPost("/api/v1/devices",
                "{\"commonName\":\"x-" + System.nanoTime() + "\",\"password\":\"api-Secret-1\"}", "admin", "nope");
        assertProblem(r, 401);
        assertEquals(before, devices());
        assertTrue(TestServer.queryLong("SELECT count(*) FROM audit_event WHERE event_type = 'LOGIN_FAILED' AND actor = 'admin'") > 0);
    }

    @Test
    void deviceCredentialsDoNotOpenTheAdminApi() {
        String cn = TestServer.uniqueName("api-notadmin");
        TestServer.registerDevice(cn, "device-Secret-1");
        assertProblem(TestServer.adminPost("/api/v1/devices", "{\"commonName\":\"y\",\"password\":\"api-Secret-1\"}",
                cn, "device-Secret-1"), 401);
    }

    @Test
    void badRequestsAre400AndChangeNothing() {
        long before = devices();
        assertProblem(TestServer.adminPost("/api/v1/devices", "{not json"), 400);
        assertProblem(TestServer.adminPost("/api/v1/devices", "[]"), 400);
        assertProblem(TestServer.adminPost("/api/v1/devices", ""), 400);
        assertProblem(TestServer.adminPost("/api/v1/devices", "{\"password\":\"api-Secret-1\"}"), 400);
        assertProblem(TestServer.adminPost("/api/v1/devices", "{\"commonName\":\"short-pw\",\"password\":\"x\"}"), 400);
        assertProblem(TestServer.adminPost("/api/v1/devices", "{\"commonName\":\"a\",\"password\":\"api-Secret-1\",\"role\":\"admin\"}"), 400);
        assertProblem(TestServer.adminPost("/api/v1/devices", "{\"commonName\":5,\"password\":\"api-Secret-1\"}"), 400);
        assertProblem(TestServer.adminPost("/api/v1/devices", "{\"commonName\":\"ip\",\"password\":\"api-Secret-1\",\"ipAddress\":\"999.1.1.1\"}"), 400);
        assertEquals(before, devices());
    }

    @Test
    void duplicateCommonNameIs409() {
        String cn = TestServer.uniqueName("api-dup");
        TestServer.registerDevice(cn, "device-Secret-1");
        long before = devices();
        assertProblem(TestServer.adminPost("/api/v1/devices", "{\"commonName\":\"" + cn + "\",\"password\":\"other-Secret-1\"}"), 409);
        assertEquals(before, devices());
    }

    @Test
    void unknownDeviceIs404() throws Exception {
        HttpResponse<String> r = TestServer.httpClient(null).send(HttpRequest.newBuilder(
                URI.create("https://" + TestServer.HOST + ":" + TestServer.PORT + "/api/v1/devices/987654321"))
                .header("Authorization", admin()).build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(r, 404);
        assertNotNull(r.headers().firstValue("Content-Length").orElse(null));
    }

    static String admin() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + TestServer.ADMIN_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
    }
}
