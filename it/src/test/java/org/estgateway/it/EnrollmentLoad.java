// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * Enrollment load of the tests that break something under it (CrashSafetyIT: kill -9; DatabaseOutageIT: the
 * database cut; MultiNodeIT: one node of two killed behind HAProxy). One thread per preregistered device, each
 * enrolling over HTTP Basic back to back until the end, on a kept-alive connection or a new one per request; what
 * a thread does after an answer other than 200 is the test's choice ({@link OnFailure}). Every attempt is kept.
 */
final class EnrollmentLoad {
    /** Where the enrollments go: the full simpleenroll URI and the CA certificate its TLS certificate chains to. */
    record Endpoint(URI uri, Path caPem) {
        HttpClient newClient() throws Exception {
            return HttpClient.newBuilder().sslContext(LauncherIT.trusting(caPem)).version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
        }
    }

    /** What a device thread does after an answer other than 200. */
    enum OnFailure {
        /** A connection failure ends the thread (the server is gone); other answers go on. */
        STOP_ON_CONNECTION_FAILURE,
        /** Waits 100 ms and goes on (a real client waits Retry-After; a short pause keeps the sample dense). */
        PAUSE,
        /** Sends the same enrollment once more on a new connection, as a client behind a load balancer would. */
        RETRY_ONCE_ON_NEW_CONNECTION
    }

    /** One request of one device; {@code retry} when it repeated a failed one. */
    record Attempt(String device, boolean newConnection, boolean retry, OwnServer.Answer answer) {
        int status() {
            return answer.status();
        }
    }

    private final Endpoint endpoint;
    private final List<String> devices;
    private final String password;
    private final OnFailure onFailure;
    private int newConnectionDevices;
    private final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile long endNanos;

    EnrollmentLoad(Endpoint endpoint, List<String> devices, String password, OnFailure onFailure) {
        this.endpoint = endpoint;
        this.devices = List.copyOf(devices);
        this.password = password;
        this.onFailure = onFailure;
    }

    /** The first {@code n} devices open a new connection (new TCP + TLS handshake) for every request. */
    EnrollmentLoad newConnectionsForFirst(int n) {
        this.newConnectionDevices = n;
        return this;
    }

    /** Starts one thread per device; they stop by themselves after {@code duration}. */
    EnrollmentLoad start(Duration duration) throws Exception {
        endNanos = System.nanoTime() + duration.toNanos();
        for (int i = 0; i < devices.size(); i++) {
            String cn = devices.get(i);
            boolean fresh = i < newConnectionDevices;
            HttpClient keepAlive = fresh ? null : endpoint.newClient();
            Thread t = new Thread(() -> run(cn, fresh, keepAlive), "enroll-" + cn);
            t.start();
            threads.add(t);
        }
        return this;
    }

    private void run(String cn, boolean fresh, HttpClient keepAlive) {
        HttpClient client = keepAlive; // after a retry: the retry's new connection, kept alive in turn
        while (System.nanoTime() < endNanos) {
            OwnServer.Answer a = fresh ? OwnServer.enrollOnNewConnection(freshTls(), endpoint.uri(), cn, password)
                    : OwnServer.enroll(client, endpoint.uri(), cn, password);
            attempts.add(new Attempt(cn, fresh, false, a));
            if (a.status() == 200) {
                continue;
            }
            switch (onFailure) {
                case STOP_ON_CONNECTION_FAILURE -> {
                    if (a.status() == -1) {
                        return;
                    }
                }
                case PAUSE -> pause(100);
                case RETRY_ONCE_ON_NEW_CONNECTION -> {
                    // as a device does: after a pause, not at once. A request sent within milliseconds of a kill -9
                    // can still reach the dying JVM's socket (measured: a retry 34 ms after the kill failed too).
                    pause(RETRY_PAUSE_MS);
                    if (fresh) {
                        attempts.add(new Attempt(cn, true, true, OwnServer.enrollOnNewConnection(freshTls(), endpoint.uri(), cn, password)));
                    } else {
                        client = newClient(); // the kept-alive connection may lead to a dead node: this device's next one
                        attempts.add(new Attempt(cn, true, true, OwnServer.enroll(client, endpoint.uri(), cn, password)));
                    }
                }
            }
        }
    }

    static final long RETRY_PAUSE_MS = 1000;

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A TLS context of its own: no session of an earlier connection is resumed, every handshake is a full one. */
    private SSLContext freshTls() {
        try {
            return LauncherIT.trusting(endpoint.caPem());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpClient newClient() {
        try {
            return endpoint.newClient();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits for every thread to end (at most the rest of the duration plus {@code grace}). */
    List<Attempt> awaitEnd(Duration grace) throws InterruptedException {
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(endNanos - System.nanoTime())) + grace.toMillis());
        }
        return attempts();
    }

    /** The attempts so far, in the order they ended. */
    List<Attempt> attempts() {
        return new ArrayList<>(attempts);
    }

    static List<OwnServer.Answer> answers(List<Attempt> attempts) {
        return attempts.stream().map(Attempt::answer).toList();
    }

    /** Answers by status (-1: connection failure). */
    static Map<Integer, Long> counts(List<OwnServer.Answer> answers) {
        return answers.stream().collect(Collectors.groupingBy(OwnServer.Answer::status, TreeMap::new, Collectors.counting()));
    }

    /** SHA-256 of every certificate a client received. */
    static Set<String> received(List<OwnServer.Answer> answers) {
        return answers.stream().filter(a -> a.status() == 200).map(OwnServer.Answer::sha256).collect(Collectors.toSet());
    }

    /** Every certificate a client received is in issued_certificate (it committed before the answer left). */
    static void assertEveryCertificateOnRecord(String database, List<String> devices, List<OwnServer.Answer> answers)
            throws Exception {
        Set<String> received = received(answers);
        Set<String> onRecord = new HashSet<>();
        for (String cn : devices) {
            OwnServer.column(database, "SELECT sha256 FROM issued_certificate WHERE subject_dn LIKE ?", "%CN=" + cn + "%")
                    .forEach(s -> onRecord.add(s.strip().toLowerCase(Locale.ROOT)));
        }
        assertTrue(onRecord.containsAll(received), "every certificate a client received is on record: "
                + received.stream().filter(s -> !onRecord.contains(s)).count() + " of " + received.size() + " missing");
    }

    /** No (issuer, serial) twice in issued_certificate. */
    static void assertNoSerialTwice(String database) throws Exception {
        assertEquals(List.of(), OwnServer.column(database,
                "SELECT serial_hex FROM issued_certificate GROUP BY issuer_dn, serial_hex HAVING count(*) > 1"), "no serial twice");
    }

    /** audit_verify() finds no problem (asked again for up to 10 s: the sealer chains what committed within a tick or two). */
    static void assertAuditVerifies(String database) throws Exception {
        List<String> problems = List.of("not checked");
        for (int i = 0; i < 20 && !problems.isEmpty(); i++) {
            problems = OwnServer.column(database, "SELECT chain_seq || ' ' || id || ' ' || problem FROM audit_verify()");
            if (!problems.isEmpty()) {
                Thread.sleep(500);
            }
        }
        assertEquals(List.of(), problems, "audit_verify() finds no problem");
    }
}
