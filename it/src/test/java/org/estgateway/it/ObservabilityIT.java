// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Health and Prometheus metrics on the management interface (docs/OPERATIONS.md): liveness and
 * readiness with the application's checks and their data, the metrics move with an enrollment and a refused
 * login, and the device-facing HTTPS listener serves neither.
 */
class ObservabilityIT {
    static final String MANAGEMENT = "http://127.0.0.1:" + Integer.getInteger("est.it.management.port", 10090);
    static final HttpClient PLAIN = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void server() {
        TestServer.awaitReady();
    }

    static HttpResponse<String> management(String path) throws Exception {
        return PLAIN.send(HttpRequest.newBuilder(URI.create(MANAGEMENT + path)).timeout(Duration.ofSeconds(30)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The sum of every sample of {@code name} whose labels contain all of {@code labels} (0 when none). */
    static double sample(String metrics, String name, String... labels) {
        double sum = 0;
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([^ \\n]+)").matcher(metrics);
        while (m.find()) {
            String l = m.group(1) == null ? "" : m.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= l.contains(label);
            }
            if (all && !m.group(2).equals("NaN")) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    static String scrape() throws Exception {
        HttpResponse<String> r = management("/metrics");
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    @Test
    void livenessAndReadinessAreUpWithTheChecksData() throws Exception {
        HttpResponse<String> live = management("/health/live");
        assertEquals(200, live.statusCode(), live.body());
        assertTrue(live.body().contains("\"status\":\"UP\""), live.body());

        HttpResponse<String> ready = management("/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
        String body = ready.body().replace(" ", "");
        for (String check : new String[] {"database", "ca-key", "tls-certificate", "configuration"}) {
            assertTrue(body.contains("\"name\":\"" + check + "\""), check + " missing: " + body);
        }
        assertTrue(body.contains("\"status\":\"UP\""), body);
        assertTrue(!body.contains("\"status\":\"DOWN\""), body);
        assertTrue(body.contains("\"daysLeft\":"), body);
        assertTrue(body.contains("\"minDays\":14"), body);
        assertTrue(body.contains("\"signs\":true"), body);
        assertTrue(body.contains("\"handlers\":"), body);

        HttpResponse<String> all = management("/health");
        assertEquals(200, all.statusCode(), all.body());
    }

    @Test
    void prometheusCountersMoveWithAnEnrollmentAndARefusedLogin() throws Exception {
        String before = scrape();
        String cn = TestServer.uniqueName("metrics");
        TestServer.registerDevice(cn, "metrics-Secret-1");
        Enroll.basicEnroll(cn, "metrics-Secret-1");
        // a wrong device password: refused (401) and counted
        RawHttps.Response refused = Enroll.post("simpleenroll", Csrs.base64Wrapped(Csrs.der(Csrs.csr(Csrs.ecKey(),
                "CN=" + cn))).getBytes(StandardCharsets.US_ASCII), null, Enroll.PKCS10, Enroll.basic(cn, "wrong-Secret-1"));
        assertEquals(401, refused.status(), refused.text());
        String after = scrape();

        String ok = "status=\"200\"";
        String simple = "operation=\"simpleenroll\"";
        assertEquals(1, sample(after, "est_enrollments_total", simple, ok)
                - sample(before, "est_enrollments_total", simple, ok), 0.0, after);
        assertEquals(1, sample(after, "est_enrollments_total", simple, "status=\"401\"")
                - sample(before, "est_enrollments_total", simple, "status=\"401\""), 0.0, after);
        assertEquals(1, sample(after, "est_enrollment_seconds_count", simple, ok)
                - sample(before, "est_enrollment_seconds_count", simple, ok), 0.0, after);
        // the buckets are per operation, refusals included: both requests
        assertEquals(2, sample(after, "est_enrollment_latency_total", simple, "le=\"+Inf\"")
                - sample(before, "est_enrollment_latency_total", simple, "le=\"+Inf\""), 0.0, "latency buckets");
        assertEquals(1, sample(after, "est_logins_refused_total", "kind=\"device\"")
                - sample(before, "est_logins_refused_total", "kind=\"device\""), 0.0, after);

        // present from the start (gauges, counters registered at deployment)
        for (String name : new String[] {"est_admission_in_flight", "est_admission_queued", "est_admission_limit",
                "est_admission_shed_total", "est_approvals_pending", "est_approval_deliveries_failing"}) {
            assertTrue(Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ").matcher(after).find(), name + " missing");
        }
        assertEquals(0, sample(after, "est_admission_in_flight"), 0.0, "nothing in flight after the requests");
        assertTrue(sample(after, "est_certificate_days_left", "certificate=\"ca\"") > 14, "CA days left");
        assertTrue(sample(after, "est_certificate_days_left", "certificate=\"tls\"") > 14, "TLS days left");
        // WildFly's own statistics of the connection pool (statistics-enabled on EstDS)
        assertTrue(Pattern.compile("(?m)^datasources_pool_in_use_count\\{[^}]*EstDS[^}]*\\} ").matcher(after).find(),
                "datasource pool metric missing");
    }

    @Test
    void lockoutsAreCounted() throws Exception {
        String before = scrape();
        String name = AccountLockoutIT.createAccount("admin");
        AccountLockoutIT.lock(name);
        String after = scrape();
        assertEquals(5, sample(after, "est_logins_refused_total", "kind=\"account\"")
                - sample(before, "est_logins_refused_total", "kind=\"account\""), 0.0, after);
        assertEquals(1, sample(after, "est_lockouts_total", "kind=\"account\"")
                - sample(before, "est_lockouts_total", "kind=\"account\""), 0.0, after);
    }

    @Test
    void theDeviceListenerServesNeitherHealthNorMetrics() throws Exception {
        HttpClient https = TestServer.httpClient(null);
        for (String path : new String[] {"/health", "/health/ready", "/health/live", "/metrics", "/prometheus"}) {
            HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create("https://" + TestServer.HOST + ":"
                    + TestServer.PORT + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(r.statusCode() == 404 || r.statusCode() == 401, path + " answered " + r.statusCode());
            assertTrue(!r.body().contains("est_enrollments") && !r.body().contains("\"checks\""), r.body());
        }
    }

    /**
     * An enrollment adds its one request line to server.log, not the pool's and Hibernate's TRACE/DEBUG records: two
     * loggers configured with a filter but no level once wrote about 70 KB per enrollment (7 GB in 8 minutes of
     * load, docs/PERFORMANCE.md).
     */
    @Test
    void anEnrollmentWritesAboutOneLineToTheServerLog() throws Exception {
        java.nio.file.Path logDir = java.nio.file.Path.of(System.getProperty("est.it.server.home", "../ear/target/server"),
                "standalone", "log");
        String cn = TestServer.uniqueName("log-volume");
        TestServer.registerDevice(cn, "log-volume-Secret-1");
        Enroll.basicEnroll(cn, "log-volume-Secret-1"); // the password verification and first use are not counted
        long before = serverLogBytes(logDir);
        int enrollments = 20;
        for (int i = 0; i < enrollments; i++) {
            Enroll.basicEnroll(cn, "log-volume-Secret-1");
        }
        long grown = serverLogBytes(logDir) - before;
        assertTrue(grown > 0, "the request log lines reach server.log");
        assertTrue(grown < enrollments * 1024L, "server.log grew by " + grown + " bytes for " + enrollments
                + " enrollments (at most 1 KB each expected)");
        java.util.List<String> lines = java.nio.file.Files.readAllLines(logDir.resolve("server.log"), StandardCharsets.UTF_8);
        String recent = String.join("\n", lines.subList(Math.max(0, lines.size() - 200), lines.size()));
        assertTrue(!recent.contains(" TRACE [") && !recent.contains(" DEBUG [org.hibernate"), recent);
    }

    /** The bytes of server.log and its rotated files (the daily rotation may happen during the test). */
    private static long serverLogBytes(java.nio.file.Path logDir) throws java.io.IOException {
        try (var files = java.nio.file.Files.list(logDir)) {
            long sum = 0;
            for (java.nio.file.Path f : files.filter(f -> f.getFileName().toString().startsWith("server.log")).toList()) {
                sum += java.nio.file.Files.size(f);
            }
            return sum;
        }
    }
}
