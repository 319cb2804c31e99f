// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;

/**
 * A server of a test's own (not the shared one of TestServer): the packaged ear/target/server started with
 * bin/est-gateway.sh exactly as the build starts the shared one, on its own port offset, with its own data
 * directory and its own copy of standalone/ (jboss.server.base.dir: log, data, tmp, transaction log), so it
 * can be cut off from PostgreSQL or killed without touching anything else.
 */
final class OwnServer implements AutoCloseable {
    static final String ADMIN_PASSWORD = "own-admin-Secret-1";
    private static final Path HOME = Path.of(System.getProperty("est.it.server.home", "../ear/target/server")).toAbsolutePath().normalize();
    private static final SecureRandom RANDOM = new SecureRandom();

    final String name;
    final int offset;
    final int httpsPort;
    final String dbUrl;
    final Path dir;
    final Path console;
    /** EST_DATA_DIR: this server's own est-data/ unless {@link #sharingDataDir} points several nodes at one. */
    Path dataDir;
    /** Extra environment (EST_NODE_NAME, EST_TRUSTED_PROXIES, ...) added to, or overriding, the defaults. */
    final java.util.Map<String, String> environment = new java.util.LinkedHashMap<>();
    private Process launcher;
    private HttpClient client;
    private boolean keepDatabase;
    /** Console logs of servers launched in this JVM (the first launch starts an empty one). */
    private static final java.util.Set<Path> SEEN_CONSOLES = new java.util.HashSet<>();
    /** Data directories a launch in this JVM has seen (the first launch on a fresh one starts a fresh database). */
    private static final java.util.Set<Path> SEEN_DATA_DIRS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** {@code dbUrl} is what the server uses (a proxy, perhaps); {@link #DIRECT_PREFIX} + database is for checks. */
    OwnServer(String name, int offset, String dbUrl) {
        this.name = name;
        this.offset = offset;
        this.httpsPort = 8443 + offset;
        this.dbUrl = dbUrl;
        this.dir = Path.of("target", name).toAbsolutePath();
        this.console = dir.resolve("console.log");
        this.dataDir = dir.resolve("est-data");
        synchronized (SEEN_CONSOLES) { // the first server of this name in this JVM starts with an empty console:
            if (SEEN_CONSOLES.add(console)) { // an earlier run's lines would count in this run's checks
                try {
                    Files.deleteIfExists(console);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
    }

    /** Several nodes of one deployment share one data directory (CA and TLS key stores, key store password). */
    OwnServer sharingDataDir(Path shared) {
        this.dataDir = shared.toAbsolutePath();
        return this;
    }

    /**
     * Keeps the database even though the data directory is fresh: a test of what a node with another data
     * directory meets. Otherwise the first launch on a data directory without a CA drops the test database
     * (databases outlive target/): the database registers the CA of its first node and refuses any other.
     */
    OwnServer keepingDatabase() {
        this.keepDatabase = true;
        return this;
    }

    OwnServer env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    int managementPort() {
        return 9990 + offset;
    }

    static final String DIRECT_PREFIX = "jdbc:postgresql://127.0.0.1:5432/";

    /** Starts the launcher (its console appended to target/NAME/console.log) and waits until cacerts answers. */
    void start() throws Exception {
        launch();
        awaitReady(Duration.ofMinutes(4));
    }

    /** Starts the launcher without waiting (several nodes started at the same moment); then {@link #awaitReady}. */
    void launch() throws Exception {
        synchronized (SEEN_DATA_DIRS) { // nodes launched at once on one data directory: the drop is over for both
            // the first launch in this JVM starts as CI does: empty data directory, empty database (both outlive
            // a run, and another checkout may have registered its own CA in the database since)
            if (SEEN_DATA_DIRS.add(dataDir) && !keepDatabase) {
                deleteTree(dataDir);
                dropDatabase(database());
            }
        }
        // configuration and deployment fresh from the build on every start; data/ (transaction log) is kept
        Path base = dir.resolve("standalone");
        copy(HOME.resolve("standalone"), base);
        ProcessBuilder pb = new ProcessBuilder("bash", HOME.resolve("bin/est-gateway.sh").toString(),
                "-Djboss.socket.binding.port-offset=" + offset, "-Djboss.server.base.dir=" + base);
        pb.environment().put("EST_DATA_DIR", dataDir.toString());
        pb.environment().put("EST_DB_URL", dbUrl);
        pb.environment().put("EST_DB_USER", "postgres");
        pb.environment().put("EST_DB_PASSWORD", "postgres");
        pb.environment().put("EST_ADMIN_PASSWORD", ADMIN_PASSWORD);
        pb.environment().put("EST_HOSTNAMES", "localhost,127.0.0.1");
        pb.environment().put("EST_CONFIG", Path.of("src/test/resources/est-it.properties").toAbsolutePath().toString());
        pb.environment().putAll(environment);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
        Files.createDirectories(dir);
        launcher = pb.start();
    }

    /** Waits for the launcher to end by itself (a refused start); its exit code. */
    int awaitExit(Duration limit) throws Exception {
        if (!launcher.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + ": the launcher still runs after " + limit + ", see " + console);
        }
        int code = launcher.exitValue();
        launcher = null;
        return code;
    }

    void awaitReady(Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!launcher.isAlive()) {
                throw new IllegalStateException(name + ": the launcher ended (" + launcher.exitValue() + "), see " + console);
            }
            if (Files.exists(caPem())) {
                try {
                    client = null;
                    if (get("/.well-known/est/cacerts").statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(name + " did not come up within " + limit + ", see " + console);
    }

    /** The WildFly JVM: the java process under the launcher whose command line has this server's port offset. */
    Optional<ProcessHandle> jvm() {
        return launcher == null ? Optional.empty() : launcher.descendants()
                .filter(p -> p.info().arguments().map(a -> List.of(a).contains("-Djboss.socket.binding.port-offset=" + offset))
                        .orElse(false) && p.info().command().orElse("").endsWith("java"))
                .findFirst();
    }

    /** kill -9 of the JVM and the launcher: a crash, no shutdown hook runs. */
    void kill() throws Exception {
        ProcessHandle java = jvm().orElseThrow(() -> new IllegalStateException("no WildFly JVM found for " + name));
        java.destroyForcibly();
        java.onExit().get(30, TimeUnit.SECONDS);
        launcher.descendants().forEach(ProcessHandle::destroyForcibly);
        launcher.destroyForcibly();
        launcher.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM (WildFly shuts down), then SIGKILL what is left after 60 s. Safe to call twice. */
    @Override
    public void close() throws Exception {
        if (launcher == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(launcher.descendants().toList());
        jvm().ifPresent(ProcessHandle::destroy);
        jvm().ifPresent(j -> {
            try {
                j.onExit().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                j.destroyForcibly();
            }
        });
        all.forEach(ProcessHandle::destroyForcibly);
        launcher.destroyForcibly();
        launcher.waitFor(30, TimeUnit.SECONDS);
        launcher = null;
    }

    String log() throws IOException {
        return Files.readString(console, StandardCharsets.UTF_8);
    }

    Path caPem() {
        return dataDir.resolve("ca/ca.pem");
    }

    synchronized HttpClient client() throws Exception {
        if (client == null) {
            client = newClient();
        }
        return client;
    }

    /** A client of its own (its own keep-alive connections) trusting this server's CA only. */
    HttpClient newClient() throws Exception {
        return HttpClient.newBuilder().sslContext(LauncherIT.trusting(caPem())).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    HttpResponse<String> get(String path) throws Exception {
        return client().send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    void registerDevice(String commonName, String password) throws Exception {
        HttpResponse<String> r = client().send(HttpRequest.newBuilder(uri("/api/v1/devices"))
                .header("Content-Type", "application/json").header("Authorization", basic("admin", ADMIN_PASSWORD))
                .POST(HttpRequest.BodyPublishers.ofString("{\"commonName\":\"" + commonName + "\",\"password\":\"" + password + "\"}"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new AssertionError(name + ": device registration answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** One answer of an enrollment: status (-1 for a connection failure), Retry-After, the certificate's SHA-256. */
    record Answer(long startNanos, long endNanos, int status, String retryAfter, String sha256, String body) {
    }

    /** simpleenroll (or another path) over HTTP Basic with a fresh EC key. */
    Answer enroll(HttpClient c, String path, String cn, String password) {
        return enroll(c, uri("/.well-known/est/" + path), cn, password);
    }

    /** This server's HTTPS origin (CA ca.pem) as the target of an {@link EnrollmentLoad}. */
    EnrollmentLoad.Endpoint endpoint(String path) {
        return new EnrollmentLoad.Endpoint(uri("/.well-known/est/" + path), caPem());
    }

    /** An enrollment over HTTP Basic with a fresh EC key at {@code target} (a node, or a load balancer in front). */
    static Answer enroll(HttpClient c, URI target, String cn, String password) {
        long start = System.nanoTime();
        try {
            byte[] csr = Csrs.base64Wrapped(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn))).getBytes(StandardCharsets.US_ASCII);
            HttpResponse<byte[]> r = c.send(HttpRequest.newBuilder(target)
                    .header("Content-Type", "application/pkcs10").header("Authorization", basic(cn, password))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(csr)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return answer(start, r.statusCode(), r.headers().firstValue("Retry-After").orElse(null), r.body());
        } catch (IOException e) {
            return new Answer(start, System.nanoTime(), -1, null, null, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(start, System.nanoTime(), -1, null, null, e.toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The same on a connection of its own, closed after the answer ({@code Connection: close}, as libest and strongSwan
     * do): a new TCP connection and a full TLS handshake per request. (java.net.http keeps every connection open in its
     * client's pool, so a new client per request would leave one idle connection behind each time.)
     */
    static Answer enrollOnNewConnection(SSLContext tls, URI target, String cn, String password) {
        long start = System.nanoTime();
        try {
            byte[] csr = Csrs.base64Wrapped(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn))).getBytes(StandardCharsets.US_ASCII);
            RawHttps.Response r = RawHttps.send(tls, target.getHost(), target.getPort(), "POST", target.getRawPath(),
                    List.of("Content-Type: application/pkcs10", "Authorization: " + basic(cn, password), "Connection: close"), csr);
            return answer(start, r.status(), r.header("Retry-After"), r.body());
        } catch (IOException e) {
            return new Answer(start, System.nanoTime(), -1, null, null, e.toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Answer answer(long start, int status, String retryAfter, byte[] body) throws Exception {
        String sha = status == 200 ? sha256(certificate(body)) : null;
        return new Answer(start, System.nanoTime(), status, retryAfter, sha,
                status == 200 ? "" : new String(body, StandardCharsets.UTF_8).strip());
    }

    private static byte[] certificate(byte[] base64CertsOnly) throws Exception {
        CMSSignedData cms = new CMSSignedData(Base64.getMimeDecoder().decode(base64CertsOnly));
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> certs = cms.getCertificates().getMatches(null);
        return certs.iterator().next().getEncoded();
    }

    private static String sha256(byte[] der) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    }

    /** A new device name, unique across runs (the databases are kept between runs). */
    static String uniqueName(String prefix) {
        byte[] b = new byte[5];
        RANDOM.nextBytes(b);
        return prefix + "-" + HexFormat.of().formatHex(b);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** https://localhost:&lt;port&gt;&lt;path&gt; of this server. */
    String url(String path) {
        return uri(path).toString();
    }

    private URI uri(String path) {
        return URI.create("https://localhost:" + httpsPort + path);
    }

    /** The database name of {@link #dbUrl}. */
    String database() {
        String path = dbUrl.substring(dbUrl.lastIndexOf('/') + 1);
        return path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    /** Drops a test database (est_it* only), whoever is still connected to it. */
    static void dropDatabase(String database) throws SQLException {
        if (!database.matches("est_it[a-z0-9_]*")) {
            throw new IllegalArgumentException("not a test database: " + database);
        }
        try (Connection c = DriverManager.getConnection(DIRECT_PREFIX + "postgres", "postgres", "postgres");
                java.sql.Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    /** Rows of a query (first column, as text) on the server's database, connected directly (not through a proxy). */
    static List<String> column(String database, String sql, Object... params) throws SQLException {
        try (Connection c = DriverManager.getConnection(DIRECT_PREFIX + database, "postgres", "postgres");
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            return rows;
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String relative = from.relativize(p).toString();
                Path target = to.resolve(relative);
                // not another server's log, data (transaction log, timers) or temporary files; no scanner markers
                if (relative.startsWith("tmp") || relative.startsWith("log") || relative.startsWith("data")
                        || relative.matches(".*\\.(deployed|failed|isdeploying|pending|undeployed)$")) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

}
