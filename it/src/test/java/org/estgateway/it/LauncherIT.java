// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * bin/est-gateway.sh as an operator runs it, each test on its OWN copy of ear/target/server (modules/ linked,
 * not copied) and its own port offset (900-910), never the shared test server: a server whose configuration is
 * incomplete is refused at start with one line; a deployment that fails stops WildFly and exits 1 with one line,
 * leaving nothing listening; SIGTERM suspends (new requests 503), lets enrollments in flight complete and exits 0.
 * Every launcher (and its WildFly) is stopped after each test, whatever happened.
 */
class LauncherIT {
    static final Path SERVER = Path.of(System.getProperty("est.it.server.home", "../ear/target/server")).toAbsolutePath().normalize();
    static final Path WORK = Path.of(System.getProperty("est.it.work.dir", "target/it-work")).toAbsolutePath().resolve("launcher");
    static final String DB_URL = "jdbc:postgresql://127.0.0.1:5432/est_it_launcher";
    static final String ADMIN_PASSWORD = "launcher-Admin-Secret-1";

    private final List<Process> launchers = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (Process p : launchers) {
            List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
            if (p.isAlive()) {
                p.destroy();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            for (ProcessHandle h : tree) {
                if (h.isAlive()) {
                    h.destroyForcibly();
                }
            }
        }
    }

    @Test
    void serverWithStockHttpListenerIsRefusedWithOneLine() throws Exception {
        Path home = copyServer("stock-http");
        Path xml = home.resolve("standalone/configuration/standalone.xml");
        String config = Files.readString(xml);
        Files.writeString(xml, config.replaceFirst("<https-listener ",
                "<http-listener name=\"default\" socket-binding=\"http\"/>\n                <https-listener "));
        Result r = runToEnd(home, 905, Map.of(), 60);
        assertEquals(3, r.exit, r.output);
        assertEquals(1, r.errorLines().size(), r.output);
        assertTrue(r.errorLines().get(0).startsWith("est-gateway: FAILED: incomplete server installation:")
                && r.errorLines().get(0).contains("plain HTTP listener"), r.output);
    }

    @Test
    void serverWithoutEstDsIsRefusedWithOneLine() throws Exception {
        Path home = copyServer("no-estds");
        Path xml = home.resolve("standalone/configuration/standalone.xml");
        Files.writeString(xml, Files.readString(xml).replace("java:jboss/datasources/EstDS", "java:jboss/datasources/Gone"));
        Result r = runToEnd(home, 905, Map.of(), 60);
        assertEquals(3, r.exit, r.output);
        assertEquals(1, r.errorLines().size(), r.output);
        assertTrue(r.errorLines().get(0).contains("has no EstDS datasource"), r.output);
    }

    @Test
    void malformedTrustedProxiesStopTheStartWithOneLine() throws Exception {
        Path home = copyServer("bad-proxies");
        Result r = runToEnd(home, 1600, Map.of("EST_TRUSTED_PROXIES", "10.0.0.1, proxy.example.com"), 120);
        assertEquals(2, r.exit, r.output);
        assertEquals(List.of("est-bootstrap: FAILED: configuration error: EST_TRUSTED_PROXIES: 'proxy.example.com' is "
                + "not an IP address or CIDR range (e.g. 10.0.0.5, 10.1.0.0/16, fd00::/64)"), r.errorLines(), r.output);
        assertFalse(listening(8443 + 1600), "nothing was started");
    }

    @Test
    void failedDeploymentStopsWildFlyAndExitsOneWithOneLine() throws Exception {
        Path home = copyServer("broken-ear");
        // Not an archive at all: the deployment scanner marks it est.ear.failed.
        Files.writeString(home.resolve("standalone/deployments/est.ear"), "this is not an enterprise archive");
        int offset = 910;
        Result r = runToEnd(home, offset, Map.of("EST_DB_URL", DB_URL + "_broken"), 300);
        assertEquals(1, r.exit, r.output);
        List<String> failed = r.output.lines().filter(l -> l.startsWith("est-gateway: FAILED")).toList();
        assertEquals(1, failed.size(), r.output);
        assertTrue(failed.get(0).contains("est.ear failed to deploy") || failed.get(0).contains("started with errors"), r.output);
        assertFalse(listening(8443 + offset), "HTTPS still listening after the launcher exited");
        assertFalse(listening(9990 + offset), "management still listening after the launcher exited");
    }

    @Test
    void sigtermSuspendsCompletesEnrollmentsInFlightAndExitsZero() throws Exception {
        Path home = copyServer("graceful");
        int offset = 900;
        int port = 8443 + offset;
        Path data = WORK.resolve("graceful-data");
        Path log = WORK.resolve("graceful-console.log");
        // Slow enrollments, held inside the application: server-generated RSA-4096 keys, one at a time, the
        // others waiting in the enrollment queue (in flight as well).
        Path config = WORK.resolve("graceful-est.properties");
        Files.writeString(config, String.join("\n",
                "handler.1.filter = cacerts", "handler.1.format = est-cacerts",
                "handler.2.filter = simpleenroll", "handler.2.format = est-simpleenroll",
                "handler.3.filter = slow/serverkeygen", "handler.3.format = est-serverkeygen",
                "handler.3.tokenprocedure = slow", "procedure.slow.serverkeygen.keytype = rsa-4096", ""));
        Process p = start(home, offset, data, log, Map.of("EST_STOP_TIMEOUT_SECONDS", "60", "EST_CONFIG", config.toString(),
                "EST_MAX_CONCURRENT_ENROLLMENTS", "1", "EST_ENROLLMENT_QUEUE", "10", "EST_ENROLLMENT_QUEUE_MILLIS", "60000"));
        awaitLine(p, log, "est-gateway: started", Duration.ofMinutes(5));
        SSLContext tls = trusting(data.resolve("ca/ca.pem"));
        HttpClient client = HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        String device = TestServer.uniqueName("launcher");
        HttpResponse<String> reg = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/api/v1/devices"))
                .header("Content-Type", "application/json").header("Authorization", basic("admin", ADMIN_PASSWORD))
                .POST(HttpRequest.BodyPublishers.ofString("{\"commonName\":\"" + device + "\",\"password\":\"dev-Secret-1\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, reg.statusCode(), reg.body());

        int n = 6;
        List<CompletableFuture<Long>> inFlight = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String body = Csrs.base64Wrapped(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + device)));
            HttpRequest req = HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/.well-known/est/slow/serverkeygen"))
                    .timeout(Duration.ofSeconds(120)).header("Authorization", basic(device, "dev-Secret-1"))
                    .header("Content-Type", "application/pkcs10").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            inFlight.add(client.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> {
                assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
                return System.nanoTime();
            }));
        }
        Thread.sleep(1500);
        long stopAt = System.nanoTime();
        p.destroy(); // SIGTERM to the launcher, as systemd does
        Thread.sleep(1000);
        long probeAt = System.nanoTime();
        int during = status(tls, port, "/.well-known/est/cacerts");
        long lastDone = 0;
        int afterStop = 0;
        for (CompletableFuture<Long> f : inFlight) {
            long done = f.get(150, TimeUnit.SECONDS); // each one 200, or the assertion inside fails it
            lastDone = Math.max(lastDone, done);
            afterStop += done > stopAt ? 1 : 0;
        }
        assertTrue(afterStop > 0, "no enrollment was still in flight at SIGTERM; the test proves nothing");
        if (lastDone > probeAt) {
            assertEquals(503, during, "a new request while enrollments were still in flight");
        } else {
            assertTrue(during == 503 || during == -1, "a new request during the stop answered " + during);
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the launcher did not exit after SIGTERM");
        assertEquals(0, p.exitValue(), Files.readString(log));
        assertTrue(Files.readString(log).contains("est-gateway: stopped"), Files.readString(log));
        assertFalse(listening(port), "HTTPS still listening after the launcher exited");
        assertFalse(listening(9990 + offset), "management still listening after the launcher exited");
    }

    // --- helpers ----------------------------------------------------------------------------------------

    record Result(int exit, String output, String errors) {
        List<String> errorLines() {
            return errors.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    /** A copy of ear/target/server without its runtime state; modules/ (140 MB) is a link to the original. */
    static Path copyServer(String name) throws IOException {
        assertTrue(Files.isRegularFile(SERVER.resolve("bin/est-gateway.sh")), "no provisioned server at " + SERVER);
        Path target = WORK.resolve(name);
        if (Files.exists(target)) {
            try (Stream<Path> walk = Files.walk(target)) {
                for (Path q : walk.sorted((a, b) -> b.compareTo(a)).toList()) {
                    Files.delete(q);
                }
            }
        }
        Files.createDirectories(target);
        try (Stream<Path> walk = Files.walk(SERVER)) {
            for (Path src : walk.toList()) {
                Path rel = SERVER.relativize(src);
                String r = rel.toString();
                if (r.isEmpty() || r.equals("modules") || r.startsWith("modules/") || r.matches("standalone/(data|log|tmp)(/.*)?")
                        || r.matches("standalone/deployments/est\\.ear\\..*")) {
                    continue;
                }
                Path dst = target.resolve(rel);
                if (Files.isDirectory(src)) {
                    Files.createDirectories(dst);
                } else {
                    Files.copy(src, dst, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Files.createSymbolicLink(target.resolve("modules"), SERVER.resolve("modules"));
        return target;
    }

    private static final java.util.Set<Path> STARTED_DATA_DIRS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    Process start(Path home, int offset, Path data, Path log, Map<String, String> env) throws Exception {
        if (STARTED_DATA_DIRS.add(data)) {
            // the first start in this JVM of a data directory begins as CI does, empty and with an empty database:
            // the database registers the CA of the first data directory and refuses another, and both outlive a run
            OwnServer.deleteTree(data);
            OwnServer.dropDatabase(DB_URL.substring(DB_URL.lastIndexOf('/') + 1));
        }
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder("bash", home.resolve("bin/est-gateway.sh").toString(),
                "-Djboss.socket.binding.port-offset=" + offset)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> e = pb.environment();
        e.remove("JAVA_OPTS");
        e.put("EST_DATA_DIR", data.toString());
        e.put("EST_DB_URL", DB_URL);
        e.put("EST_DB_USER", "postgres");
        e.put("EST_DB_PASSWORD", "postgres");
        e.put("EST_ADMIN_PASSWORD", ADMIN_PASSWORD);
        e.put("EST_HOSTNAMES", "localhost,127.0.0.1");
        e.remove("EST_CONFIG");
        e.putAll(env);
        Process p = pb.start();
        launchers.add(p);
        return p;
    }

    /** Runs the launcher until it exits by itself (bounded); stderr separately for the one-line contract. */
    Result runToEnd(Path home, int offset, Map<String, String> env, int timeoutSeconds) throws Exception {
        Path out = WORK.resolve(home.getFileName() + "-out.log");
        Path err = WORK.resolve(home.getFileName() + "-err.log");
        ProcessBuilder pb = new ProcessBuilder("bash", home.resolve("bin/est-gateway.sh").toString(),
                "-Djboss.socket.binding.port-offset=" + offset).redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> e = pb.environment();
        e.remove("JAVA_OPTS");
        e.put("EST_DATA_DIR", WORK.resolve(home.getFileName() + "-data").toString());
        e.put("EST_DB_URL", DB_URL);
        e.put("EST_DB_USER", "postgres");
        e.put("EST_DB_PASSWORD", "postgres");
        e.put("EST_HOSTNAMES", "localhost,127.0.0.1");
        e.remove("EST_CONFIG");
        e.putAll(env);
        Process p = pb.start();
        launchers.add(p);
        assertTrue(p.waitFor(timeoutSeconds, TimeUnit.SECONDS), "the launcher did not exit within " + timeoutSeconds + " s");
        String errors = Files.readString(err);
        return new Result(p.exitValue(), Files.readString(out) + errors, errors);
    }

    static void awaitLine(Process p, Path log, String line, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            if (text.lines().anyMatch(l -> l.contains(line))) {
                return;
            }
            if (!p.isAlive()) {
                throw new AssertionError("the launcher exited (" + p.exitValue() + ") before '" + line + "': "
                        + text.substring(Math.max(0, text.length() - 2000)));
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("no '" + line + "' within " + timeout + " in " + log);
    }

    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static SSLContext trusting(Path caPem) throws Exception {
        X509Certificate ca;
        try (InputStream in = Files.newInputStream(caPem)) {
            ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        return trusting(ca, null);
    }

    /** A TLS context trusting {@code ca} only, presenting {@code clientKeys} (null: no client certificate). */
    static SSLContext trusting(X509Certificate ca, javax.net.ssl.KeyManager[] clientKeys) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(clientKeys, tmf.getTrustManagers(), null);
        return ctx;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Status of a GET on a new connection; -1 when the connection is refused or closed without an answer. */
    static int status(SSLContext tls, int port, String path) {
        try (SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket("localhost", port)) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String line = readHead(s.getInputStream());
            return line.isEmpty() ? -1 : Integer.parseInt(line.split(" ")[1]);
        } catch (IOException e) {
            return -1;
        }
    }

    /** The status line (the rest of the head is consumed). */
    static String readHead(InputStream in) throws IOException {
        String status = null;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String l = b.toString(StandardCharsets.US_ASCII).strip();
                b.reset();
                if (status == null) {
                    status = l;
                } else if (l.isEmpty()) {
                    break;
                }
            } else {
                b.write(c);
            }
        }
        return status == null ? "" : status;
    }
}
