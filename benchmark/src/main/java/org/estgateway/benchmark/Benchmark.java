// SPDX-License-Identifier: Apache-2.0
package org.estgateway.benchmark;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * EST Gateway load benchmark (docs/PERFORMANCE.md). N virtual devices, each on its own thread, against a
 * running server for a fixed time per scenario, over real TLS: simpleenroll with HTTP Basic and
 * simplereenroll on the client certificate, each with a new connection (full handshake) per request and with
 * keep-alive. Devices are preregistered (CSV import) and keys/CSRs generated before the timed part. Prints a
 * table with the reference bound measured in the same run, and writes JSON.
 *
 * <pre>java -jar benchmark/target/est-benchmark.jar [--url https://localhost:8443] [--concurrency 16]
 *      [--data-dir ~/.est-gateway (default EST_DATA_DIR)] [--ca DIR/ca/ca.pem] [--admin-password ...]
 *      [--seconds 15] [--warmup 10] [--no-half-load] [--scenario prefix] [--out benchmark/target/results.json]
 *      [--no-bound] [--bound-only] [--allow-remote] [--client bc|jdk|curl] [--server-pid PID] [--soak SECONDS]</pre>
 *
 * For each scenario it reports the CPU time per enrollment of the server (the process listening on the port, or
 * {@code --server-pid}), of PostgreSQL and of the client itself ({@link ProcessCpu}), next to the bound's CPU per
 * unavoidable part. The client drives the load with curl's parallel mode ({@code curl}, the default: about 0.4 ms of
 * client CPU per enrollment against 6-9 ms for the Java drivers, docs/PERFORMANCE.md), or the Java driver on Bouncy
 * Castle's TLS ({@code bc}) or the JDK's ({@code jdk}).
 *
 * Each scenario runs {@code --warmup} seconds untimed (JIT), then {@code --seconds} at maximum throughput, then
 * (unless {@code --no-half-load}) {@code --seconds} paced at half the throughput just measured, for the
 * latency at half load.
 */
public final class Benchmark {
    static final String PASSWORD = "bench-Secret-1";
    static final int CSRS_PER_DEVICE = 24;

    record Scenario(String name, String path, boolean reenroll, boolean keepAlive) {
    }

    static final List<Scenario> SCENARIOS = List.of(
            new Scenario("enroll-basic-new-connection", "/.well-known/est/simpleenroll", false, false),
            new Scenario("reenroll-mtls-new-connection", "/.well-known/est/simplereenroll", true, false),
            new Scenario("enroll-basic-keep-alive", "/.well-known/est/simpleenroll", false, true),
            new Scenario("reenroll-mtls-keep-alive", "/.well-known/est/simplereenroll", true, true));

    record Result(Scenario scenario, long ok, Map<String, Long> errors, double seconds, long[] latenciesMicros,
            ProcessCpu.Reading cpu) {
        Result(Scenario scenario, long ok, Map<String, Long> errors, double seconds, long[] latenciesMicros) {
            this(scenario, ok, errors, seconds, latenciesMicros, null);
        }

        Result withCpu(ProcessCpu.Reading used) {
            return new Result(scenario, ok, errors, seconds, latenciesMicros, used);
        }

        double rate() {
            return ok / seconds;
        }

        /** CPU ms per enrollment of the server, PostgreSQL and this client (with the curl it ran). */
        double serverMs() {
            return cpu == null ? Double.NaN : cpu.serverMs() / Math.max(1, ok);
        }

        double postgresMs() {
            return cpu == null ? Double.NaN : cpu.postgresMs() / Math.max(1, ok);
        }

        double clientMs() {
            return cpu == null ? Double.NaN : cpu.clientMs() / Math.max(1, ok);
        }

        long percentile(double p) {
            if (latenciesMicros.length == 0) {
                return 0;
            }
            return latenciesMicros[(int) Math.min(latenciesMicros.length - 1, Math.ceil(p * latenciesMicros.length) - 1)];
        }

        double ms(double p) {
            return percentile(p) / 1000.0;
        }
    }

    static final class Device {
        final String name;
        final byte[][] csrs = new byte[CSRS_PER_DEVICE][];
        KeyManager[] certificateKeys;
        KeyPair key;
        X509Certificate certificate;
        int next;

        Device(String name) {
            this.name = name;
        }

        byte[] nextCsr() {
            return csrs[next++ % csrs.length];
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o;
        try {
            o = options(args);
        } catch (IllegalArgumentException e) {
            System.err.println("est-benchmark: " + e.getMessage());
            System.exit(2);
            return;
        }
        String home = System.getProperty("user.home");
        String dataDir = o.getOrDefault("data-dir", Optional(System.getenv("EST_DATA_DIR"), home + "/.est-gateway"));
        URI url = URI.create(o.getOrDefault("url", "https://localhost:8443"));
        if (!InetAddress.getByName(url.getHost()).isLoopbackAddress() && !o.containsKey("allow-remote")) {
            System.err.println("refusing to load " + url.getHost() + ": not a loopback address (use --allow-remote)");
            System.exit(2);
        }
        int concurrency = Integer.parseInt(o.getOrDefault("concurrency", "16"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "15"));
        Path out = Path.of(o.getOrDefault("out", "benchmark/target/results.json"));
        String adminPassword = o.getOrDefault("admin-password", Optional(System.getenv("EST_ADMIN_PASSWORD"),
                read(Path.of(dataDir, "admin.password"))));
        boolean boundOnly = o.containsKey("bound-only");
        Path caPem = Path.of(o.getOrDefault("ca", dataDir + "/ca/ca.pem"));
        // What a run needs from the server's data directory, checked before anything else: one line, exit 2.
        if (!boundOnly && !Files.isReadable(caPem)) {
            System.err.println("est-benchmark: no CA certificate at " + caPem + (o.containsKey("ca") ? " (--ca)"
                    : " (the gateway writes ca/ca.pem into its data directory on first start)")
                    + ": point EST_DATA_DIR or --data-dir DIR at the server's data directory, or give --ca FILE");
            System.exit(2);
        }
        if (!boundOnly && adminPassword == null) {
            System.err.println("est-benchmark: no admin password: " + Path.of(dataDir, "admin.password")
                    + " is missing; set EST_ADMIN_PASSWORD or --admin-password, or point EST_DATA_DIR or --data-dir"
                    + " DIR at the server's data directory");
            System.exit(2);
        }
        TrustManager[] trust = boundOnly ? null : trust(caPem);
        String client = o.getOrDefault("client", "curl");
        switch (client) {
            case "jdk" -> Http.jsse = null;
            case "bc", "curl" -> Http.jsse = new org.bouncycastle.jsse.provider.BouncyCastleJsseProvider(Bound.BC);
            default -> {
                System.err.println("est-benchmark: --client must be jdk, bc or curl");
                System.exit(2);
            }
        }
        java.util.OptionalLong serverPid = o.containsKey("server-pid")
                ? java.util.OptionalLong.of(Long.parseLong(o.get("server-pid"))) : ProcessCpu.listening(port(url));
        ProcessCpu.Probe probe = new ProcessCpu.Probe(serverPid);
        if (!boundOnly && serverPid.isEmpty()) {
            System.err.println("est-benchmark: no process of this user listens on port " + port(url)
                    + ": the server's CPU is not measured (give --server-pid)");
        }

        System.out.printf("EST Gateway benchmark: %s, %d virtual devices, %d s per scenario, %d cores, client %s, server pid %s%n",
                url, concurrency, seconds, Runtime.getRuntime().availableProcessors(), client,
                serverPid.isPresent() ? Long.toString(serverPid.getAsLong()) : "unknown");
        List<Device> devices = o.containsKey("bound-only") ? List.of() : prepare(url, trust, adminPassword, concurrency);
        CurlDriver curl = null;
        if (client.equals("curl") && !devices.isEmpty()) {
            curl = new CurlDriver(caPem);
            curl.prepare(devices);
        }
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "10"));
        boolean halfLoad = !o.containsKey("no-half-load");
        List<Result> results = new ArrayList<>();
        Map<Scenario, Result> halfLoads = new LinkedHashMap<>();
        for (Scenario s : SCENARIOS) {
            if (devices.isEmpty() || o.containsKey("scenario") && !s.name().startsWith(o.get("scenario"))) {
                continue;
            }
            if (warmup > 0) {
                if (curl != null) {
                    curl.run(s, url, devices, warmup);
                } else {
                    run(s, url, trust, devices, warmup, 0);
                }
            }
            ProcessCpu.Reading before = probe.read();
            Result r = curl != null ? curl.run(s, url, devices, seconds) : run(s, url, trust, devices, seconds, 0);
            r = r.withCpu(probe.read().minus(before));
            results.add(r);
            print(s.name(), r);
            // paced by the Java driver (Bouncy Castle's TLS under --client curl): at half load the client is no limit
            if (halfLoad) {
                Result h = run(s, url, trust, devices, seconds, r.rate() / 2);
                halfLoads.put(s, h);
                print(s.name() + " @ half", h);
            }
        }
        Bound.Rates bound = null;
        if (!o.containsKey("no-bound")) {
            System.out.println("measuring the reference bound (same machine, same run) ...");
            bound = Bound.measure(o.getOrDefault("db-url", Optional(System.getenv("EST_DB_URL"),
                    "jdbc:postgresql://127.0.0.1:5432/est")), Optional(System.getenv("EST_DB_USER"), "postgres"),
                    Optional(System.getenv("EST_DB_PASSWORD"), "postgres"), Runtime.getRuntime().availableProcessors(),
                    concurrency, 3000);
            System.out.printf("  bound parts: CSR verify %.0f/s, sign %.0f/s, commit %.0f/s, mTLS handshake %.0f/s, "
                    + "TLS handshake %.0f/s%n", bound.verify(), bound.sign(), bound.insert(), bound.handshakeMutual(),
                    bound.handshakeServer());
            System.out.printf("  bound CPU ms per operation: CSR verify %.3f, sign %.3f, commit (PostgreSQL) %.3f, "
                    + "server end of an mTLS handshake %.3f, of a TLS handshake %.3f%n", bound.verifyPart().cpuMs(),
                    bound.signPart().cpuMs(), bound.insertPart().cpuMs(), bound.mutualPart().cpuMs(),
                    bound.serverPart().cpuMs());
        }
        System.out.println();
        System.out.printf("%-30s %9s %9s %6s %8s %8s %8s %6s %6s | %9s %8s %8s | %8s %8s %8s %8s %8s%n", "scenario",
                "enroll/s", "bound/s", "ratio", "p50 ms", "p95 ms", "p99 ms", "503", "errors", "half: /s", "p50 ms",
                "p99 ms", "srv cpu", "bound", "pg cpu", "bound", "cli cpu");
        StringBuilder json = new StringBuilder("{\"url\":\"" + url + "\",\"concurrency\":" + concurrency + ",\"seconds\":"
                + seconds + ",\"cores\":" + Runtime.getRuntime().availableProcessors() + ",\"client\":\"" + client
                + "\",\"scenarios\":[");
        for (Result r : results) {
            double b = bound == null ? Double.NaN : r.scenario().keepAlive() ? bound.enrollKeepAlive()
                    : bound.enrollFull(r.scenario().reenroll());
            long shed = r.errors().getOrDefault("HTTP 503", 0L);
            long errors = r.errors().values().stream().mapToLong(Long::longValue).sum() - shed;
            Result h = halfLoads.get(r.scenario());
            double serverBound = bound == null ? Double.NaN : bound.serverCpuMs(r.scenario().keepAlive(), r.scenario().reenroll());
            double pgBound = bound == null ? Double.NaN : bound.postgresCpuMs();
            System.out.printf("%-30s %9.1f %9.1f %5.0f%% %8.1f %8.1f %8.1f %6d %6d | %9s %8s %8s | %8.2f %8.2f %8.2f %8.2f %8.2f%n",
                    r.scenario().name(), r.rate(), b, 100 * r.rate() / b, r.ms(0.5), r.ms(0.95), r.ms(0.99), shed, errors,
                    h == null ? "-" : String.format("%.1f", h.rate()), h == null ? "-" : String.format("%.1f", h.ms(0.5)),
                    h == null ? "-" : String.format("%.1f", h.ms(0.99)), r.serverMs(), serverBound, r.postgresMs(), pgBound,
                    r.clientMs());
            json.append(String.format(java.util.Locale.ROOT, "{\"name\":\"%s\",\"enrollmentsPerSecond\":%.2f,\"bound\":%.2f,"
                    + "\"ratio\":%.3f,\"p50Ms\":%.2f,\"p95Ms\":%.2f,\"p99Ms\":%.2f,\"maxMs\":%.2f,\"ok\":%d,\"errors\":%s,"
                    + "\"serverCpuMsPerEnrollment\":%.3f,\"serverCpuBoundMs\":%.3f,\"postgresCpuMsPerEnrollment\":%.3f,"
                    + "\"postgresCpuBoundMs\":%.3f,\"clientCpuMsPerEnrollment\":%.3f",
                    r.scenario().name(), r.rate(), b, r.rate() / b, r.ms(0.5), r.ms(0.95), r.ms(0.99), r.ms(1.0), r.ok(),
                    jsonMap(r.errors()), r.serverMs(), serverBound, r.postgresMs(), pgBound, r.clientMs()).replace("NaN", "null"));
            if (h != null) {
                json.append(String.format(java.util.Locale.ROOT, ",\"halfLoad\":{\"enrollmentsPerSecond\":%.2f,"
                        + "\"p50Ms\":%.2f,\"p95Ms\":%.2f,\"p99Ms\":%.2f,\"maxMs\":%.2f,\"errors\":%s}", h.rate(),
                        h.ms(0.5), h.ms(0.95), h.ms(0.99), h.ms(1.0), jsonMap(h.errors())));
            }
            json.append("},");
        }
        if (json.charAt(json.length() - 1) == ',') {
            json.setLength(json.length() - 1);
        }
        json.append("]");
        if (o.containsKey("soak") && !results.isEmpty()) {
            Map<Scenario, Double> maxima = new LinkedHashMap<>();
            results.forEach(r -> maxima.put(r.scenario(), r.rate()));
            Soak.run(url, trust, devices, maxima, Integer.parseInt(o.get("soak")), probe, serverPid, json);
        }
        if (bound != null) {
            json.append(String.format(java.util.Locale.ROOT, ",\"boundParts\":{\"csrVerify\":%.1f,\"sign\":%.1f,"
                    + "\"commit\":%.1f,\"mtlsHandshake\":%.1f,\"tlsHandshake\":%.1f,\"cpuMs\":{\"csrVerify\":%.3f,"
                    + "\"sign\":%.3f,\"commitPostgres\":%.3f,\"mtlsHandshakeServerEnd\":%.3f,\"tlsHandshakeServerEnd\":%.3f}}",
                    bound.verify(), bound.sign(), bound.insert(), bound.handshakeMutual(), bound.handshakeServer(),
                    bound.verifyPart().cpuMs(), bound.signPart().cpuMs(), bound.insertPart().cpuMs(),
                    bound.mutualPart().cpuMs(), bound.serverPart().cpuMs()).replace("NaN", "null"));
        }
        json.append("}\n");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, json);
        System.out.println("\nresults written to " + out);
    }

    /**
     * Runs one scenario for {@code seconds}. With {@code rate} > 0 the devices together send that many requests
     * per second, evenly spaced, and a latency counts from the moment a request was due, not from when it
     * could be sent (no coordinated omission); with 0 each device sends its next request as soon as it has
     * the answer to the last (maximum throughput).
     */
    static Result run(Scenario s, URI url, TrustManager[] trust, List<Device> devices, int seconds, double rate)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(devices.size());
        Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        AtomicLong ok = new AtomicLong();
        List<long[]> perThread = new ArrayList<>();
        List<Future<long[]>> futures = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        for (Device d : devices) {
            futures.add(pool.submit(() -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                Http keep = null;
                String auth = s.reenroll() ? null : "Basic " + Base64.getEncoder()
                        .encodeToString((d.name + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
                KeyManager[] keys = s.reenroll() ? d.certificateKeys : null;
                long interval = rate > 0 ? (long) (1e9 * devices.size() / rate) : 0;
                long due = start + (interval > 0 ? (long) (interval * Math.random()) : 0);
                while (System.nanoTime() < end) {
                    byte[] csr = d.nextCsr();
                    long t0;
                    if (interval > 0) {
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                        t0 = due;
                        due += interval;
                        if (t0 >= end) {
                            break;
                        }
                    } else {
                        t0 = System.nanoTime();
                    }
                    try {
                        Http http = s.keepAlive() && keep != null ? keep : Http.open(url.getHost(), port(url), keys, trust);
                        Http.Response r = http.post(s.path(), auth, csr, s.keepAlive());
                        if (s.keepAlive() && !r.close()) {
                            keep = http;
                        } else {
                            http.close();
                            keep = null;
                        }
                        if (r.status() == 200) {
                            ok.incrementAndGet();
                            if (n < lat.length) {
                                lat[n++] = (System.nanoTime() - t0) / 1000;
                            }
                        } else {
                            errors.computeIfAbsent("HTTP " + r.status(), k -> new AtomicLong()).incrementAndGet();
                            if (r.status() == 503 && r.retryAfter() > 0) {
                                // as a device does: come back when told to (an overloaded server sheds load)
                                Thread.sleep(Math.min(r.retryAfter() * 1000L, Math.max(0, (end - System.nanoTime()) / 1_000_000)));
                                due = Math.max(due, System.nanoTime());
                            }
                        }
                    } catch (Exception e) {
                        errors.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicLong()).incrementAndGet();
                        if (keep != null) {
                            keep.close();
                            keep = null;
                        }
                    }
                }
                if (keep != null) {
                    keep.close();
                }
                return Arrays.copyOf(lat, n);
            }));
        }
        for (Future<long[]> f : futures) {
            perThread.add(f.get());
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        long[] all = perThread.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        Map<String, Long> errorCounts = new TreeMap<>();
        errors.forEach((k, v) -> errorCounts.put(k, v.get()));
        return new Result(s, ok.get(), errorCounts, elapsed, all);
    }

    static void print(String name, Result r) {
        System.out.printf("  %-38s %8.1f /s  p50 %6.1f ms  p95 %6.1f ms  p99 %6.1f ms  max %6.1f ms  errors %s%s%n", name,
                r.rate(), r.ms(0.5), r.ms(0.95), r.ms(0.99), r.ms(1.0), r.errors(), r.cpu() == null ? ""
                : String.format("  CPU ms/enrollment: server %.2f, PostgreSQL %.2f, client %.2f", r.serverMs(),
                        r.postgresMs(), r.clientMs()));
    }

    /** Preregisters the devices in bulk, generates their CSRs, and enrolls each once for the re-enroll scenarios. */
    static List<Device> prepare(URI url, TrustManager[] trust, String adminPassword, int count) throws Exception {
        String run = HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(4).putInt((int) System.nanoTime()).array());
        List<Device> devices = new ArrayList<>();
        StringBuilder csv = new StringBuilder("commonName,password\n");
        for (int i = 0; i < count; i++) {
            Device d = new Device("bench-" + run + "-" + i);
            devices.add(d);
            csv.append(d.name).append(',').append(PASSWORD).append('\n');
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, trust, null);
        HttpResponse<String> imported = HttpClient.newBuilder().sslContext(ctx).build().send(HttpRequest.newBuilder(
                url.resolve("/api/v1/devices/import")).header("Content-Type", "text/csv").header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(csv.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (imported.statusCode() != 200 || !imported.body().contains("\"created\":" + count)) {
            throw new IllegalStateException("device import failed: " + imported.statusCode() + " " + imported.body());
        }
        for (Device d : devices) {
            KeyPair key = Bound.ec();
            for (int i = 0; i < CSRS_PER_DEVICE; i++) {
                d.csrs[i] = base64(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + d.name), key.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Bound.BC).build(key.getPrivate()))
                        .getEncoded());
            }
            try (Http http = Http.open(url.getHost(), port(url), null, trust)) {
                Http.Response r = http.post("/.well-known/est/simpleenroll", "Basic " + Base64.getEncoder()
                        .encodeToString((d.name + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)), d.csrs[0], false);
                if (r.status() != 200) {
                    throw new IllegalStateException("initial enrollment of " + d.name + " failed: HTTP " + r.status());
                }
                X509Certificate cert = certificate(r.body());
                d.certificateKeys = Bound.keys(Http.jsse, key, cert);
                d.key = key;
                d.certificate = cert;
            }
        }
        System.out.printf("prepared %d devices (%d CSRs each, one certificate each)%n", count, CSRS_PER_DEVICE);
        return devices;
    }

    static X509Certificate certificate(byte[] base64Body) throws Exception {
        CMSSignedData cms = new CMSSignedData(Base64.getMimeDecoder().decode(base64Body));
        X509CertificateHolder h = (X509CertificateHolder) cms.getCertificates().getMatches(null).iterator().next();
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(h.getEncoded()));
    }

    static byte[] base64(byte[] der) {
        return (Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    static TrustManager[] trust(Path caPem) throws Exception {
        X509Certificate ca;
        try (var in = Files.newInputStream(caPem)) {
            ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return tmf.getTrustManagers();
    }

    static int port(URI url) {
        return url.getPort() < 0 ? 443 : url.getPort();
    }

    static String jsonMap(Map<String, Long> m) {
        StringBuilder b = new StringBuilder("{");
        m.forEach((k, v) -> b.append('"').append(k).append("\":").append(v).append(','));
        if (b.length() > 1) {
            b.setLength(b.length() - 1);
        }
        return b.append('}').toString();
    }

    static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return null;
        }
    }

    static String Optional(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
            String key = a.substring(2);
            if (key.equals("no-bound") || key.equals("allow-remote") || key.equals("bound-only") || key.equals("no-half-load")) {
                o.put(key, "true");
            } else if (i + 1 == args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            } else {
                o.put(key, args[++i]);
            }
        }
        return o;
    }

}
