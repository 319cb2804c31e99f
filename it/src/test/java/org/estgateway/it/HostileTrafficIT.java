// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * More than 20,000 malformed requests over real TLS against the packaged server, from a fixed seed (printed;
 * {@code -Dest.it.hostile.seed=N} replays it): random bodies, mutated CSRs, base64 and HTTP framing tricks,
 * malformed credentials, admin API abuse. Afterwards: no answer of 500 or more, no certificate issued, every
 * body text/plain, problem+json or an EST type (no HTML, stack trace or server version), and the server's
 * memory and cacerts latency back near where they were. The summary table goes into docs/SECURITY.md.
 */
class HostileTrafficIT {
    static final long SEED = Long.getLong("est.it.hostile.seed", 20_261_130L);
    static final double SCALE = Double.parseDouble(System.getProperty("est.it.hostile.scale", "1"));
    static final int SECONDS = Integer.getInteger("est.it.hostile.seconds", 210);
    static final int THREADS = Integer.getInteger("est.it.hostile.threads", 4);
    static final String[] CLASSES = {"random-body", "csr-mutation", "base64", "framing", "credentials", "admin-api"};
    static final int[] QUOTAS = {5000, 5000, 2500, 3000, 2000, 3000};
    static final List<String> ALLOWED_TYPES = List.of("text/plain", "application/problem+json", "application/pkcs7-mime",
            "application/csrattrs", "multipart/mixed", "application/json", "application/pkix-crl");
    static final List<String> BINARY_TYPES = List.of("application/pkcs7-mime", "application/csrattrs", "multipart/mixed",
            "application/pkix-crl");
    static final String[] LEAKS = {"<html", "<!doctype", "exception", "at org.", "at java.", "wildfly", "undertow", "jboss",
        "resteasy", "hibernate", "postgresql", "sqlstate"};

    static final java.nio.file.Path REPORT = TestServer.WORK_DIR.resolveSibling("hostile-traffic-report.txt");
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> problemCounts = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> problemsByTarget = new ConcurrentHashMap<>();
    /** One example per class, kind and problem; server errors sort first. */
    private final Map<String, String> examples = new ConcurrentHashMap<>();

    @BeforeAll
    static void server() {
        TestServer.awaitReady();
    }

    @Test
    void twentyThousandMalformedRequestsGetNoServerErrorNoCertificateAndLeaveTheServerAsItWas() throws Exception {
        System.out.println("HostileTrafficIT seed " + SEED + " (replay: -Dest.it.hostile.seed=" + SEED + ")");
        String device = TestServer.uniqueName("hostile");
        String password = "hostile-Secret-1";
        TestServer.registerDevice(device, password);
        HostileCsrs csrs = new HostileCsrs(Csrs.ecKey(), device);
        byte[] unknownCsr = Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + TestServer.uniqueName("ghost")));
        HostileEst est = new HostileEst(device, password, csrs, unknownCsr);
        HostileFraming framing = new HostileFraming(HostileRequest.latin1(Csrs.base64Wrapped(unknownCsr)));
        HostileAdmin admin = new HostileAdmin(TestServer.ADMIN_PASSWORD);

        long pid = HostileServer.pid().orElseThrow(() -> new AssertionError("no WildFly java process with port offset "
                + (TestServer.PORT - 8443)));
        long issuedBefore = TestServer.queryLong("SELECT count(*) FROM issued_certificate");
        long rssBefore = HostileServer.rssKb(pid);
        double cacertsBefore = HostileServer.cacertsMedianMillis();

        List<long[]> schedule = new ArrayList<>();
        for (int c = 0; c < CLASSES.length; c++) {
            for (int i = 0; i < Math.round(QUOTAS[c] * SCALE); i++) {
                schedule.add(new long[] {c, i});
            }
        }
        Collections.shuffle(schedule, new Random(SEED));
        AtomicInteger next = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        for (int t = 0; t < THREADS; t++) {
            pool.submit(() -> {
                try (HostileClient client = new HostileClient(TestServer.sslContext(null))) {
                    for (int k = next.getAndIncrement(); k < schedule.size() && System.nanoTime() < deadline;
                            k = next.getAndIncrement()) {
                        int c = (int) schedule.get(k)[0];
                        int i = (int) schedule.get(k)[1];
                        Random r = new Random(SEED ^ (c * 0x9E3779B97F4A7C15L + i * 0xBF58476D1CE4E5B9L));
                        HostileRequest q;
                        try {
                            q = request(CLASSES[c], i, r, est, framing, admin);
                        } catch (RuntimeException e) { // a bug of this test, not of the server: counted and reported
                            problemCounts.computeIfAbsent(CLASSES[c] + ": test could not build request " + i + ": " + e,
                                    x -> new LongAdder()).increment();
                            continue;
                        }
                        HostileClient.Answer a = client.exchange(q.raw(), q.fresh(), q.timeoutMillis());
                        sent.incrementAndGet();
                        judge(q, a);
                    }
                } catch (RuntimeException | Error e) {
                    e.printStackTrace();
                    throw e;
                }
                return null;
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(SECONDS + 120, TimeUnit.SECONDS), "hostile workers did not finish");
        double floodSeconds = (System.nanoTime() - started) / 1e9;

        Thread.sleep(10_000); // settle: let the server finish what the flood left behind
        long issuedAfter = TestServer.queryLong("SELECT count(*) FROM issued_certificate");
        long rssAfter = HostileServer.rssKb(pid);
        double cacertsAfter = HostileServer.cacertsMedianMillis();

        report(sent.get(), schedule.size(), floodSeconds);
        System.out.printf(Locale.ROOT, "server: RSS %d MB -> %d MB; cacerts median %.1f ms -> %.1f ms; issued_certificate %d -> %d%n",
                rssBefore / 1024, rssAfter / 1024, cacertsBefore, cacertsAfter, issuedBefore, issuedAfter);

        List<String> failures = new ArrayList<>();
        if (sent.get() < schedule.size()) {
            failures.add("only " + sent.get() + " of " + schedule.size() + " requests sent within " + SECONDS + " s");
        }
        if (SCALE >= 1 && sent.get() < 20_000) {
            failures.add("fewer than 20,000 requests sent: " + sent.get());
        }
        problemCounts.forEach((k, v) -> failures.add(v.sum() + " x " + k));
        if (issuedAfter != issuedBefore) {
            failures.add((issuedAfter - issuedBefore) + " certificate(s) issued during the run");
        }
        if (rssAfter > rssBefore * 3 / 2 + 200 * 1024) {
            failures.add("RSS grew from " + rssBefore / 1024 + " MB to " + rssAfter / 1024 + " MB");
        }
        if (cacertsAfter > 3 * cacertsBefore + 50) {
            failures.add(String.format(Locale.ROOT, "cacerts median %.1f ms after, %.1f ms before", cacertsAfter, cacertsBefore));
        }
        Collections.sort(failures);
        assertEquals(List.of(), failures, "hostile traffic (seed " + SEED + "); examples above");
    }

    private static HostileRequest request(String cls, int i, Random r, HostileEst est, HostileFraming framing,
            HostileAdmin admin) {
        return switch (cls) {
            case "random-body" -> est.randomBody(i, r);
            case "csr-mutation" -> est.csrMutation(i, r);
            case "base64" -> est.base64(i, r);
            case "framing" -> framing.next(i, r);
            case "credentials" -> est.credentials(i, r);
            default -> admin.next(i, r);
        };
    }

    /** Counts the answer and records what is wrong with it, if anything. */
    private void judge(HostileRequest q, HostileClient.Answer a) {
        counts.computeIfAbsent(q.cls() + "|" + a.status(), k -> new LongAdder()).increment();
        List<String> problems = new ArrayList<>();
        boolean fullcmc = a.status() == 501 && q.target().endsWith("fullcmc"); // SPEC §3: 501 unless implemented
        if (a.status() >= 500 && !fullcmc) {
            problems.add("status " + a.status());
        }
        String type = a.header("content-type");
        String bare = type == null ? null : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (a.body().length > 0 && (bare == null || !ALLOWED_TYPES.contains(bare))) {
            problems.add("Content-Type " + type);
        }
        if (bare == null || !BINARY_TYPES.contains(bare)) {
            String body = new String(a.body(), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
            for (String leak : LEAKS) {
                if (body.contains(leak)) {
                    problems.add("body mentions '" + leak + "'");
                }
            }
        }
        String start = new String(q.raw(), 0, Math.min(40, q.raw().length), StandardCharsets.ISO_8859_1);
        if (a.status() >= 200 && a.status() < 300 && start.startsWith("POST /.well-known/est/")) {
            problems.add("enrollment accepted (" + a.status() + ")");
        }
        for (String p : problems) {
            problemCounts.computeIfAbsent(q.cls() + " / " + q.kind() + ": " + p, k -> new LongAdder()).increment();
            problemsByTarget.computeIfAbsent(q.cls() + " / " + q.kind() + " " + q.target() + ": " + p, k -> new LongAdder())
                    .increment();
            examples.putIfAbsent(q.cls() + " / " + q.kind() + ": " + p, (a.status() >= 500 ? "0" : "1") + q.cls() + " / "
                    + q.kind() + ": " + p + "\n    request: " + q.describe() + "\n    answer:  " + a.status() + " " + type
                    + " | " + a.bodyStart(160));
        }
    }

    private void report(int sent, int planned, double seconds) {
        TreeSet<Integer> statuses = new TreeSet<>();
        Map<String, Map<Integer, Long>> table = new TreeMap<>();
        counts.forEach((k, v) -> {
            String[] parts = k.split("\\|");
            int status = Integer.parseInt(parts[1]);
            statuses.add(status);
            table.computeIfAbsent(parts[0], x -> new TreeMap<>()).merge(status, v.sum(), Long::sum);
        });
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "%nHostile traffic, seed %d: %d of %d requests in %.0f s on %d connections (-1 closed without answer, -2 timeout)%n",
                SEED, sent, planned, seconds, THREADS));
        b.append(String.format(Locale.ROOT, "| %-13s |", "class"));
        statuses.forEach(s -> b.append(String.format(Locale.ROOT, " %5d |", s)));
        b.append(String.format(Locale.ROOT, " %6s |%n|---------------|", "total"));
        statuses.forEach(s -> b.append("-------|"));
        b.append("--------|\n");
        for (String cls : CLASSES) {
            Map<Integer, Long> row = table.getOrDefault(cls, Map.of());
            b.append(String.format(Locale.ROOT, "| %-13s |", cls));
            statuses.forEach(s -> b.append(String.format(Locale.ROOT, " %5d |", row.getOrDefault(s, 0L))));
            b.append(String.format(Locale.ROOT, " %6d |%n", row.values().stream().mapToLong(Long::longValue).sum()));
        }
        if (!problemCounts.isEmpty()) {
            b.append("\nProblems (count x class / kind: problem):\n");
            new TreeMap<>(problemCounts).forEach((k, v) -> b.append(String.format(Locale.ROOT, "%7d x %s%n", v.sum(), k)));
            List<String> all = examples.values().stream().sorted().map(e -> "  " + e.substring(1) + "\n").toList();
            b.append("\nExamples (20 of ").append(all.size()).append(", server errors first; all in ").append(REPORT)
                    .append("):\n");
            all.stream().limit(20).forEach(b::append);
            try {
                StringBuilder byTarget = new StringBuilder("\nProblems by request target:\n");
                new TreeMap<>(problemsByTarget).forEach((k, v) -> byTarget.append(String.format(Locale.ROOT, "%7d x %s%n",
                        v.sum(), k)));
                java.nio.file.Files.writeString(REPORT, b + byTarget.toString() + "\nAll examples:\n" + String.join("", all));
            } catch (java.io.IOException e) {
                b.append("(cannot write ").append(REPORT).append(": ").append(e).append(")\n");
            }
        }
        System.out.println(b);
    }
}
