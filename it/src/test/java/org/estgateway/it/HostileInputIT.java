// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reproductions of the 500s found by the hostile-input run (issue 11), each now a 4xx with a short reason in
 * text/plain (EST) or problem+json (API), never WildFly's HTML page, a stack trace or a version, and nothing
 * stored.
 */
class HostileInputIT {
    static final String PASSWORD = "device-Secret-1";

    @BeforeAll
    static void server() {
        TestServer.awaitReady();
    }

    static String admin() {
        return Enroll.basic("admin", TestServer.ADMIN_PASSWORD);
    }

    static void assertShortAnswer(RawHttps.Response r, int status, String type) {
        assertEquals(status, r.status(), r.text());
        String contentType = r.header("content-type");
        assertTrue(contentType != null && contentType.startsWith(type), contentType + " " + r.text());
        String body = r.text();
        assertTrue(body.length() < 600, body);
        for (String leak : List.of("<html", "Exception", "at org.", "at io.", "WildFly", "Undertow", "JBoss")) {
            assertFalse(body.contains(leak), "answer reveals '" + leak + "': " + body);
        }
    }

    @Test
    void aNulInTheBasicUserNameIsA401NotADatabaseError() throws Exception {
        String csr = Csrs.base64Wrapped(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=nul-user")));
        String header = "Authorization: Basic " + Base64.getEncoder()
                .encodeToString("a\u0000b:pw".getBytes(StandardCharsets.UTF_8));
        RawHttps.Response r = Enroll.post("simpleenroll", csr.getBytes(StandardCharsets.US_ASCII), null, Enroll.PKCS10, header);
        assertEquals(401, r.status(), r.text());
        RawHttps.Response api = RawHttps.send("GET", "/api/v1/devices", List.of(header, "Connection: close"), null, null);
        assertShortAnswer(api, 401, "application/problem+json");
    }

    @Test
    void aNulOrControlCharacterInAnApiParameterIsA400() throws Exception {
        for (String path : List.of("/api/v1/devices?name=a%00b", "/api/v1/certificates?subject=x%0d%0aforged",
                "/api/v1/factory-certificates?commonName=%00", "/api/v1/devices?name=" + "x".repeat(300))) {
            RawHttps.Response r = RawHttps.send("GET", path, List.of(admin(), "Connection: close"), null, null);
            assertShortAnswer(r, 400, "application/problem+json");
        }
    }

    @Test
    void hostileJsonBodiesAreA400AndCreateNothing() throws Exception {
        String cn = TestServer.uniqueName("json");
        List<String> bodies = List.of(
                "{\"commonName\":\"" + cn + "\\u0000x\",\"password\":\"pw-Secret-123\"}",
                "{\"commonName\":\"" + cn + "\",\"password\":\"pw\\u0000Secret-123\"}",
                "[".repeat(100_000) + "]".repeat(100_000),
                "{\"commonName\":\"" + cn + "\",\"password\":" + "9".repeat(1_000_000) + "}",
                "{\"commonName\":\"" + cn + "\",\"password\":" + "{\"a\":".repeat(50) + "1" + "}".repeat(50) + "}");
        for (String body : bodies) {
            RawHttps.Response r = RawHttps.send("POST", "/api/v1/devices",
                    List.of(admin(), "Content-Type: application/json", "Connection: close"),
                    body.getBytes(StandardCharsets.UTF_8), null);
            assertTrue(r.status() == 400 || r.status() == 413, r.status() + " " + r.text());
            assertShortAnswer(r, r.status(), "application/problem+json");
        }
        assertEquals(0, TestServer.queryLong("select count(*) from device where common_name like ?", cn + "%"));
    }

    @Test
    void twoHundredFiftyCookiesAreA400InPlainTextNotAnHtmlStackTrace() throws Exception {
        List<String> cookies = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            cookies.add("c" + i + "=v");
        }
        String header = "Cookie: " + String.join("; ", cookies);
        RawHttps.Response est = RawHttps.send("GET", "/.well-known/est/cacerts", List.of(header, "Connection: close"), null, null);
        assertShortAnswer(est, 400, "text/plain");
        assertTrue(est.text().contains("too many cookies"), est.text());
        RawHttps.Response api = RawHttps.send("GET", "/api/v1/devices", List.of(header, admin(), "Connection: close"), null, null);
        assertShortAnswer(api, 400, "application/problem+json");
    }

    @Test
    void anOversizedRequestHeadIsRefusedWithoutTheApplication() throws Exception {
        RawHttps.Response r;
        try {
            r = RawHttps.send("GET", "/.well-known/est/cacerts", List.of("X-Big: " + "a".repeat(40_000), "Connection: close"),
                    null, null);
        } catch (java.io.IOException closed) {
            return; // the listener may simply close the connection: nothing reached the application either way
        }
        assertTrue(r.status() >= 400 && r.status() < 500, r.status() + " " + r.text());
        assertFalse(r.text().contains("<html"), r.text());
    }

    @Test
    void theErrorPageRequestedDirectlyIsA404() throws Exception {
        RawHttps.Response r = RawHttps.send("GET", "/error", List.of("Connection: close"), null, null);
        assertEquals(404, r.status(), r.text());
        assertFalse(r.text().contains("<html"), r.text());
    }
}
