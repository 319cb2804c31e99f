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
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The server under test: started by the build (exec-maven-plugin runs bin/est-gateway.sh exactly as the
 * README does) on port offset 100 against database est_it. Tests wait here until it answers.
 */
public final class TestServer {
    public static final String HOST = "localhost";
    public static final int PORT = Integer.getInteger("est.it.port", 8543);
    public static final Path DATA_DIR = Path.of(System.getProperty("est.it.data.dir", "target/est-data"));
    public static final Path WORK_DIR = Path.of(System.getProperty("est.it.work.dir", "target/it-work"));
    public static final String DB_URL = System.getProperty("est.it.db.url", "jdbc:postgresql://127.0.0.1:5432/est_it");
    public static final String ADMIN_PASSWORD = System.getProperty("est.it.admin.password", "it-admin-Secret-1");
    public static final String EST = "https://" + HOST + ":" + PORT + "/.well-known/est";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static volatile boolean ready;

    private TestServer() {
    }

    /** Blocks until cacerts answers 200 (the EAR is deployed), for at most 5 minutes. */
    public static synchronized void awaitReady() {
        if (ready) {
            return;
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            failFastOnBrokenStart();
            try {
                if (Files.exists(caPem())) {
                    HttpResponse<byte[]> r = httpClient(null).send(HttpRequest.newBuilder(URI.create(EST + "/cacerts"))
                            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
                    if (r.statusCode() == 200) {
                        ready = true;
                        return;
                    }
                }
            } catch (Exception e) {
                last = e;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("EST Gateway did not come up on port " + PORT
                + " (see it/target/server-console.log)", last);
    }

    /** A start that failed (bootstrap error, port in use, failed deployment) is reported at once, not after 5 minutes. */
    private static void failFastOnBrokenStart() {
        Path console = Path.of(System.getProperty("est.it.console.log", "target/server-console.log"));
        try {
            if (Files.exists(console)) {
                String log = Files.readString(console);
                for (String marker : new String[] {"est-bootstrap: FAILED", "WFLYSRV0026", "Address already in use"}) {
                    int at = log.indexOf(marker);
                    if (at >= 0) {
                        throw new IllegalStateException("EST Gateway failed to start (" + console + "): "
                                + log.substring(Math.max(0, at - 200), Math.min(log.length(), at + 400)));
                    }
                }
            }
        } catch (IOException e) {
            // not readable yet
        }
    }

    public static Path caPem() {
        return DATA_DIR.resolve("ca/ca.pem");
    }

    public static X509Certificate caCertificate() {
        try (var in = Files.newInputStream(caPem())) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + caPem(), e);
        }
    }

    /** Trusts the gateway's CA only. */
    public static TrustManagerFactory trust() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("ca", caCertificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return tmf;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static SSLContext sslContext(KeyManager[] clientKeys) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(clientKeys, trust().getTrustManagers(), RANDOM);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An HTTP/1.1 client; without client keys the one shared client, so the tests' admin and anonymous calls reuse
     * its kept-alive connections instead of leaving one idle connection per call open (the server allows one
     * source address EST_MAX_CONNECTIONS_PER_SOURCE = 64 connections at once).
     */
    public static HttpClient httpClient(KeyManager[] clientKeys) {
        if (clientKeys == null) {
            HttpClient shared = anonymousClient;
            if (shared == null) {
                synchronized (TestServer.class) {
                    if (anonymousClient == null) {
                        anonymousClient = newHttpClient(null);
                    }
                    shared = anonymousClient;
                }
            }
            return shared;
        }
        return newHttpClient(clientKeys);
    }

    private static volatile HttpClient anonymousClient;

    private static HttpClient newHttpClient(KeyManager[] clientKeys) {
        return HttpClient.newBuilder().sslContext(sslContext(clientKeys)).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A fresh common name, so tests never see each other's devices or certificates. */
    public static String uniqueName(String prefix) {
        byte[] b = new byte[5];
        RANDOM.nextBytes(b);
        return prefix + "-" + HexFormat.of().formatHex(b);
    }

    /** POSTs JSON to the admin API as the bootstrap admin; returns the response. */
    public static HttpResponse<String> adminPost(String path, String json) {
        return adminPost(path, json, "admin", ADMIN_PASSWORD);
    }

    public static HttpResponse<String> adminPost(String path, String json, String user, String password) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://" + HOST + ":" + PORT + path))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
            if (user != null) {
                b.header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
            }
            return httpClient(null).send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Preregisters a device for HTTP Basic enrollment (SPEC §10 contract); fails the test unless 201. */
    public static void registerDevice(String commonName, String password) {
        HttpResponse<String> r = adminPost("/api/v1/devices",
                "{\"commonName\":\"" + commonName + "\",\"password\":\"" + password + "\"}");
        if (r.statusCode() != 201) {
            throw new AssertionError("device registration answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** Number of certificates on record whose subject contains CN=commonName. */
    public static long issuedCount(String commonName) {
        return queryLong("SELECT count(*) FROM issued_certificate WHERE subject_dn LIKE ?", "%CN=" + commonName + "%");
    }

    /** Number of audit events whose subject or actor mentions the common name, with the given outcome. */
    public static long auditCount(String commonName, String outcome) {
        return queryLong("SELECT count(*) FROM audit_event WHERE outcome = '" + outcome
                + "' AND (subject LIKE ? OR actor LIKE ?)", "%" + commonName + "%", "%" + commonName + "%");
    }

    public static long queryLong(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(DB_URL, "postgres", "postgres");
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String queryString(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(DB_URL, "postgres", "postgres");
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path workDir(String name) {
        try {
            return Files.createDirectories(WORK_DIR.resolve(name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
