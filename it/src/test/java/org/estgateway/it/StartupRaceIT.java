// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Several nodes of one deployment (docs/SCALING.md): two nodes (port offsets 1400 and 1500) started at the same
 * moment against an EMPTY database (est_it_race, dropped first) and one EMPTY shared data directory. One creates
 * the database, the CA, the TLS key store and the key store password, the other waits and reuses them; Flyway
 * migrates once (its lock), both serve. Then, on those two nodes: one CRL per change whichever node is asked,
 * and a node with a data directory of its own is refused with one line.
 */
class StartupRaceIT {
    static final String DATABASE = "est_it_race";
    static final Path SHARED = Path.of("target/startup-race/shared-data").toAbsolutePath();
    static final Path MIGRATIONS = Path.of("../db-migrations/src/main/resources/db/migration");
    static final String PASSWORD = "race-Secret-1";
    static OwnServer a;
    static OwnServer b;
    static long consoleA;
    static long consoleB;

    @BeforeAll
    static void startBothAtOnce() throws Exception {
        OwnServer.deleteTree(SHARED);
        OwnServer.dropDatabase(DATABASE);
        a = new OwnServer("race-a", 1400, OwnServer.DIRECT_PREFIX + DATABASE).sharingDataDir(SHARED);
        b = new OwnServer("race-b", 1500, OwnServer.DIRECT_PREFIX + DATABASE).sharingDataDir(SHARED);
        consoleA = size(a.console);
        consoleB = size(b.console);
        long started = System.nanoTime();
        CompletableFuture<Void> la = CompletableFuture.runAsync(() -> launch(a));
        CompletableFuture<Void> lb = CompletableFuture.runAsync(() -> launch(b));
        la.join();
        lb.join();
        CompletableFuture<Void> ra = CompletableFuture.runAsync(() -> ready(a));
        CompletableFuture<Void> rb = CompletableFuture.runAsync(() -> ready(b));
        ra.join();
        rb.join();
        System.out.printf("StartupRaceIT: both nodes ready %d s after the simultaneous launch%n",
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    @AfterAll
    static void stop() throws Exception {
        for (OwnServer s : new OwnServer[] {a, b}) {
            if (s != null) {
                s.close();
            }
        }
    }

    @Test
    void bothNodesServeOneCaOneSchemaAndOneCrlSequence() throws Exception {
        HttpResponse<String> ca = a.get("/.well-known/est/cacerts");
        HttpResponse<String> cb = b.get("/.well-known/est/cacerts");
        assertEquals(200, ca.statusCode());
        assertEquals(200, cb.statusCode());
        assertEquals(ca.body(), cb.body(), "both nodes serve the same CA");

        String pemSha256 = sha256(caDer(SHARED.resolve("ca/ca.pem")));
        assertEquals(List.of(pemSha256), OwnServer.column(DATABASE, "SELECT sha256 FROM ca WHERE name = 'default'"),
                "exactly one CA registered, the one in the shared data directory");
        String log = newConsole(a, consoleA) + newConsole(b, consoleB);
        assertEquals(1, count(log, "est-bootstrap: CA created"), "one node created the CA: " + log);
        assertEquals(1, count(log, "est-bootstrap: CA reused"), "the other reused it");
        assertEquals(1, count(log, "est-bootstrap: generated the key store password"), "one password file");
        assertEquals(1, count(log, "est-bootstrap: TLS server certificate issued"), "one TLS key store");
        System.out.println("StartupRaceIT: bootstrap waited for the other node's lock: "
                + log.contains("waiting for another process that sets up") + "; database creation raced: "
                + log.contains("another node created it at the same moment"));

        long files = migrationFiles();
        assertEquals(List.of(files + "/" + files + "/" + files), OwnServer.column(DATABASE,
                "SELECT count(*) || '/' || count(DISTINCT version) || '/' || count(*) FILTER (WHERE success) "
                        + "FROM flyway_schema_history WHERE version IS NOT NULL"),
                "every migration applied exactly once and successfully");
        assertEquals(List.of("crl_number_seq"), OwnServer.column(DATABASE,
                "SELECT sequencename FROM pg_sequences WHERE sequencename LIKE 'crl%'"), "one CRL number sequence");
        byte[] crlA = crl(a);
        assertArrayEquals(crlA, crl(b), "both nodes serve the same CRL");
        assertEquals(List.of("1"), OwnServer.column(DATABASE, "SELECT count(*) FROM crl WHERE crl_number = ?", number(crlA)));
    }

    /** Revoked on node A; fetched from A and B alternately: the same DER and never a lower number. */
    @Test
    void crlNumbersOnlyGrowWhicheverNodeIsAsked() throws Exception {
        long before = Math.max(number(crl(a)), number(crl(b)));
        String cn = OwnServer.uniqueName("race-crl");
        a.registerDevice(cn, PASSWORD);
        OwnServer.Answer issued = a.enroll(a.client(), "simpleenroll", cn, PASSWORD);
        assertEquals(200, issued.status(), issued.body());
        String serial = OwnServer.column(DATABASE, "SELECT serial_hex FROM issued_certificate WHERE sha256 = ?",
                issued.sha256()).get(0);
        HttpResponse<String> revoked = a.client().send(HttpRequest.newBuilder(URI.create("https://localhost:" + a.httpsPort
                + "/api/v1/certificates/" + serial + "/revoke")).header("Content-Type", "application/json")
                .header("Authorization", OwnServer.basic("admin", OwnServer.ADMIN_PASSWORD))
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"keyCompromise\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, revoked.statusCode(), revoked.body());

        List<Long> numbers = new ArrayList<>();
        byte[] first = null;
        for (int i = 0; i < 40; i++) {
            byte[] der = crl(i % 2 == 0 ? a : b);
            long n = number(der);
            if (!numbers.isEmpty()) {
                assertTrue(n >= numbers.get(numbers.size() - 1), "CRL number went down: " + numbers + " then " + n);
            }
            numbers.add(n);
            if (first == null) {
                first = der;
                assertTrue(new X509CRLHolder(der).getRevokedCertificate(new java.math.BigInteger(serial, 16)) != null,
                        "the revocation made on A is in the first CRL fetched");
            }
            assertArrayEquals(first, der, "fetch " + i + " (node " + (i % 2 == 0 ? "A" : "B") + ") served another CRL");
        }
        assertTrue(numbers.get(0) > before, numbers.get(0) + " after " + before);
        assertEquals(List.of("1"), OwnServer.column(DATABASE, "SELECT count(*) FROM crl WHERE crl_number > ?", before),
                "one CRL signed for the revocation, not one per node");
    }

    /**
     * What the two nodes above may or may not have hit (their deployments rarely reach Flyway in the same
     * second): four migrate() calls at the same instant against one empty database. Flyway's PostgreSQL lock
     * lets one apply every version and the others wait, then find nothing to do.
     */
    @Test
    void concurrentMigrationsApplyEveryVersionOnce() throws Exception {
        String database = DATABASE + "_flyway";
        OwnServer.dropDatabase(database);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(OwnServer.DIRECT_PREFIX + "postgres", "postgres",
                "postgres"); java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        int migrators = 4;
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<CompletableFuture<Integer>> applied = new ArrayList<>();
        for (int i = 0; i < migrators; i++) {
            applied.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                    return org.flywaydb.core.Flyway.configure().dataSource(OwnServer.DIRECT_PREFIX + database, "postgres", "postgres")
                            .locations("filesystem:" + MIGRATIONS.toAbsolutePath()).load().migrate().migrationsExecuted;
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        go.countDown();
        List<Integer> counts = new ArrayList<>();
        for (CompletableFuture<Integer> f : applied) {
            counts.add(f.get(120, java.util.concurrent.TimeUnit.SECONDS));
        }
        long files = migrationFiles();
        assertEquals(files, counts.stream().mapToInt(Integer::intValue).sum(), "applied per migrator: " + counts);
        assertEquals(1, counts.stream().filter(n -> n > 0).count(), "one migrator applied them all: " + counts);
        assertEquals(List.of(files + "/" + files + "/" + files), OwnServer.column(database,
                "SELECT count(*) || '/' || count(DISTINCT version) || '/' || count(*) FILTER (WHERE success) "
                        + "FROM flyway_schema_history WHERE version IS NOT NULL"));
    }

    private static long migrationFiles() throws IOException {
        try (Stream<Path> m = Files.list(MIGRATIONS)) {
            return m.filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
        }
    }

    /** A node started with a data directory of its own against this database: refused before WildFly, one line. */
    @Test
    void aNodeWithAnotherDataDirectoryIsRefusedWithOneLine() throws Exception {
        String registered = OwnServer.column(DATABASE, "SELECT sha256 FROM ca WHERE name = 'default'").get(0);

        // an empty data directory: refused before it creates a CA of its own
        Path empty = Path.of("target/startup-race/empty-data").toAbsolutePath();
        OwnServer.deleteTree(empty);
        String line = refusedLine(empty);
        assertTrue(line.contains("has no CA") && line.contains("SHA-256 " + registered), line);
        assertTrue(line.contains("copy the data directory of the first node"), line);
        assertTrue(!Files.exists(empty.resolve("ca/ca.p12")), "no CA was created in " + empty);

        // a data directory holding another CA (set up by the bootstrap against another, empty database)
        Path other = Path.of("target/startup-race/other-ca-data").toAbsolutePath();
        OwnServer.deleteTree(other);
        OwnServer.dropDatabase(DATABASE + "_other");
        assertEquals(0, bootstrap(other, DATABASE + "_other"), "bootstrap of the other data directory");
        String otherSha = sha256(caDer(other.resolve("ca/ca.pem")));
        assertNotEquals(registered, otherSha);
        line = refusedLine(other);
        assertTrue(line.contains("SHA-256 " + otherSha) && line.contains("SHA-256 " + registered), line);
        assertTrue(line.contains("copy the data directory of the first node"), line);
    }

    private static String refusedLine(Path dataDir) throws Exception {
        OwnServer third = new OwnServer("race-refused", 1500, OwnServer.DIRECT_PREFIX + DATABASE).sharingDataDir(dataDir)
                .keepingDatabase().env("EST_NODE_NAME", "race-refused"); // offset 1500 is node B's: its default name
        long from = size(third.console);
        third.launch();
        int exit = third.awaitExit(Duration.ofSeconds(90));
        String out = newConsole(third, from);
        assertEquals(1, exit, out);
        List<String> failed = out.lines().filter(l -> l.contains("FAILED")).toList();
        assertEquals(1, failed.size(), out);
        assertTrue(failed.get(0).startsWith("est-bootstrap: FAILED: "), out);
        assertTrue(!out.contains("WFLYSRV0049"), "WildFly was started: " + out);
        return failed.get(0);
    }

    /** Runs only the pre-start bootstrap (seconds, no WildFly) on a data directory against a database. */
    private static int bootstrap(Path dataDir, String database) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("java", "-cp", LauncherIT.SERVER.resolve("est-bootstrap") + "/*",
                "org.estgateway.ejb.bootstrap.BootstrapMain").redirectErrorStream(true);
        pb.environment().putAll(Map.of("EST_DATA_DIR", dataDir.toString(), "EST_DB_URL", OwnServer.DIRECT_PREFIX + database,
                "EST_DB_USER", "postgres", "EST_DB_PASSWORD", "postgres", "EST_HOSTNAMES", "localhost,127.0.0.1"));
        pb.environment().remove("EST_CONFIG");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        int exit = p.waitFor();
        System.out.print(out);
        return exit;
    }

    private static byte[] crl(OwnServer node) throws Exception {
        HttpResponse<byte[]> r = node.client().send(HttpRequest.newBuilder(URI.create("https://localhost:" + node.httpsPort
                + "/crl")).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), node.name + " /crl");
        return r.body();
    }

    private static long number(byte[] crl) throws Exception {
        return ASN1Integer.getInstance(new X509CRLHolder(crl).getExtension(Extension.cRLNumber).getParsedValue())
                .getValue().longValueExact();
    }

    private static byte[] caDer(Path pem) throws IOException {
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(pem))) {
            return ((X509CertificateHolder) parser.readObject()).getEncoded();
        }
    }

    private static String sha256(byte[] der) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
    }

    private static void launch(OwnServer s) {
        try {
            s.launch();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void ready(OwnServer s) {
        try {
            s.awaitReady(Duration.ofMinutes(3));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long size(Path file) throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    /** What the console received since {@code from} (the file is appended to across runs). */
    private static String newConsole(OwnServer s, long from) throws IOException {
        byte[] all = Files.readAllBytes(s.console);
        return new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from));
    }

    private static int count(String text, String needle) {
        return (int) text.lines().filter(l -> l.contains(needle)).count();
    }

}
