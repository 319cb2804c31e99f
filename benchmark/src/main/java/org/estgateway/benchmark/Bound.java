// SPDX-License-Identifier: Apache-2.0
package org.estgateway.benchmark;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * The reference bound, measured in the same run on the same machine: the work one enrollment cannot avoid,
 * each part run on all cores for a fixed time — CSR signature verification and certificate signing with
 * Bouncy Castle (ECDSA P-256), a committed single-row insert into PostgreSQL, and a JDK TLS handshake of the
 * same kind (mutual or server-only) between client and server in this process. The bound is the rate at
 * which the parts, done one after another, fit on the machine: 1 / Σ (1 / rate of each part).
 */
final class Bound {
    static final Provider BC = new BouncyCastleProvider();

    /** One part: saturated rate (per second) and CPU per operation (ms; for the commit PostgreSQL's, for a handshake the server end's). */
    record Part(double rate, double cpuMs) {
    }

    record Rates(double verify, double sign, double insert, double handshakeMutual, double handshakeServer,
            Part verifyPart, Part signPart, Part insertPart, Part mutualPart, Part serverPart) {
        /** Server CPU an enrollment cannot avoid (ms): CSR verification + signing (+ the server's half of the handshake). */
        double serverCpuMs(boolean keepAlive, boolean mutual) {
            return verifyPart.cpuMs() + signPart.cpuMs() + (keepAlive ? 0 : mutual ? mutualPart.cpuMs() : serverPart.cpuMs());
        }

        /** PostgreSQL CPU of one committed single-row insert (ms). */
        double postgresCpuMs() {
            return insertPart.cpuMs();
        }

        double enrollKeepAlive() {
            return 1 / (1 / verify + 1 / sign + 1 / insert);
        }

        double enrollFull(boolean mutual) {
            return 1 / (1 / enrollKeepAlive() + 1 / (mutual ? handshakeMutual : handshakeServer));
        }
    }

    /**
     * @param threads CPU-bound parts run on this many threads (the cores)
     * @param clients the commit and the handshakes, which wait on I/O, run with as many clients as the benchmark
     */
    static Rates measure(String dbUrl, String dbUser, String dbPassword, int threads, int clients, long millis)
            throws Exception {
        KeyPair ca = ec();
        X509Certificate caCert = cert(ca, "CN=bound CA", ca, "CN=bound CA");
        KeyPair dev = ec();
        // as on the server: every CSR is a different key, parsed from its DER (no precomputation carried over)
        byte[][] csrs = new byte[64][];
        for (int i = 0; i < csrs.length; i++) {
            KeyPair k = ec();
            csrs[i] = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=bound " + i), k.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(k.getPrivate())).getEncoded();
        }
        AtomicLong next = new AtomicLong();
        Part verify = part(threads, millis, () -> {
            PKCS10CertificationRequest csr = new PKCS10CertificationRequest(csrs[(int) (next.getAndIncrement() % csrs.length)]);
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC).build(csr.getSubjectPublicKeyInfo()))) {
                throw new IllegalStateException("CSR does not verify");
            }
        });
        AtomicLong serial = new AtomicLong();
        Part sign = part(threads, millis, () -> new JcaX509v3CertificateBuilder(new X500Name("CN=bound CA"),
                BigInteger.valueOf(serial.incrementAndGet()), new Date(), new Date(System.currentTimeMillis() + 86_400_000L),
                new X500Name("CN=bound"), dev.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(ca.getPrivate())).getEncoded());
        Part insert = insertRate(dbUrl, dbUser, dbPassword, clients, millis);
        Part mutual = handshakeRate(ca, caCert, true, clients, millis);
        Part server = handshakeRate(ca, caCert, false, clients, millis);
        return new Rates(verify.rate(), sign.rate(), insert.rate(), mutual.rate(), server.rate(), verify, sign, insert,
                mutual, server);
    }

    interface Work {
        void run() throws Exception;
    }

    static double rate(int threads, long millis, Work work) throws Exception {
        return rate(threads, millis, millis, work);
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /** {@link #rate} plus the CPU time of the working threads per operation. */
    static Part part(int threads, long millis, Work work) throws Exception {
        java.util.concurrent.atomic.AtomicLong cpuNanos = new java.util.concurrent.atomic.AtomicLong();
        double r = rate(threads, millis, millis, work);
        // the rate run above warmed the code; measure CPU on a second, equal run
        java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + millis * 1_000_000;
        List<Future<?>> futures = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                long cpu0 = THREADS.getCurrentThreadCpuTime();
                while (System.nanoTime() < end) {
                    work.run();
                    done.incrementAndGet();
                }
                cpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu0);
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        return new Part(r, cpuNanos.get() / 1e6 / Math.max(1, done.get()));
    }

    /** Runs {@code work} on {@code threads} threads for {@code millis} after {@code warmupMillis} of warm-up (JIT). */
    static double rate(int threads, long warmupMillis, long millis, Work work) throws Exception {
        if (warmupMillis > 0) {
            rate(threads, 0, warmupMillis, work);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong done = new AtomicLong();
        long start = System.nanoTime();
        long end = start + millis * 1_000_000;
        List<Future<?>> futures = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    work.run();
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    /** Committed single-row inserts: the rate, and PostgreSQL's CPU per commit (all its processes; a quiet server). */
    static Part insertRate(String url, String user, String password, int threads, long millis) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS x (id int)"); // connectivity check
            s.execute("CREATE TABLE IF NOT EXISTS est_benchmark_bound (id BIGSERIAL PRIMARY KEY, serial TEXT UNIQUE, "
                    + "subject TEXT, der BYTEA, sha256 CHAR(64) UNIQUE, issued_at TIMESTAMPTZ DEFAULT now())");
        }
        ThreadLocal<Connection> connections = ThreadLocal.withInitial(() -> {
            try {
                Connection c = DriverManager.getConnection(url, user, password);
                c.setAutoCommit(false);
                return c;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        byte[] der = new byte[480];
        new SecureRandom().nextBytes(der);
        SecureRandom random = new SecureRandom();
        AtomicLong commits = new AtomicLong();
        Work insert = () -> {
            Connection c = connections.get();
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO est_benchmark_bound (serial, subject, der, sha256) VALUES (?, ?, ?, ?)")) {
                String id = new BigInteger(127, random).toString(16);
                ps.setString(1, id);
                ps.setString(2, "CN=bound");
                ps.setBytes(3, der);
                ps.setString(4, String.format("%64s", id).replace(' ', '0'));
                ps.executeUpdate();
            }
            c.commit();
            commits.incrementAndGet();
        };
        double rate = rate(threads, millis, insert);
        long before = commits.get();
        double pg0 = ProcessCpu.postgresMs();
        rate(threads, 0, millis, insert);
        double pgMs = (ProcessCpu.postgresMs() - pg0) / Math.max(1, commits.get() - before);
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("DROP TABLE est_benchmark_bound");
        }
        return new Part(rate, pgMs);
    }

    /** Full handshakes (no resumption), both ends in this JVM: the rate, and the server end's CPU per handshake. */
    static Part handshakeRate(KeyPair ca, X509Certificate caCert, boolean mutual, int threads, long millis) throws Exception {
        KeyPair serverKey = ec();
        X509Certificate serverCert = cert(serverKey, "CN=localhost", ca, "CN=bound CA");
        KeyPair clientKey = ec();
        X509Certificate clientCert = cert(clientKey, "CN=client", ca, "CN=bound CA");
        TrustManager[] trustAll = {new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] c, String a) { }
            public void checkServerTrusted(X509Certificate[] c, String a) { }
            public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        }};
        SSLContext serverCtx = SSLContext.getInstance("TLS");
        serverCtx.init(keys(serverKey, serverCert, caCert), trustAll, null);
        SSLServerSocket server = (SSLServerSocket) serverCtx.getServerSocketFactory().createServerSocket(0, 256,
                java.net.InetAddress.getLoopbackAddress());
        server.setWantClientAuth(mutual);
        ExecutorService acceptors = Executors.newCachedThreadPool();
        java.util.concurrent.atomic.AtomicBoolean measuring = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicLong serverCpu = new AtomicLong();
        AtomicLong serverHandshakes = new AtomicLong();
        acceptors.submit(() -> {
            while (!server.isClosed()) {
                SSLSocket s;
                try {
                    s = (SSLSocket) server.accept();
                } catch (Exception e) {
                    return null;
                }
                acceptors.submit(() -> {
                    long cpu0 = THREADS.getCurrentThreadCpuTime();
                    try (s) {
                        s.setSoLinger(true, 0);
                        s.startHandshake();
                        if (measuring.get()) {
                            serverCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu0);
                            serverHandshakes.incrementAndGet();
                        }
                    } catch (Exception e) {
                        // a client gone
                    }
                    return null;
                });
            }
            return null;
        });
        javax.net.ssl.KeyManager[] clientKeys = mutual ? keys(clientKey, clientCert, caCert) : null;
        Work handshake = () -> {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(clientKeys, trustAll, null);
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", server.getLocalPort())) {
                s.setSoLinger(true, 0);
                s.startHandshake();
                if (s.getSession().getPeerCertificates().length == 0) {
                    throw new IllegalStateException("no server certificate");
                }
            }
        };
        double rate = rate(threads, millis, handshake);
        measuring.set(true);
        rate(threads, 0, millis, handshake);
        measuring.set(false);
        server.close();
        acceptors.shutdownNow();
        return new Part(rate, serverCpu.get() / 1e6 / Math.max(1, serverHandshakes.get()));
    }

    static javax.net.ssl.KeyManager[] keys(KeyPair key, X509Certificate... chain) throws Exception {
        return keys(null, key, chain);
    }

    /** Key managers of the JSSE provider {@code jsse} (null: the JDK's), as each client's SSLContext needs its own. */
    static javax.net.ssl.KeyManager[] keys(Provider jsse, KeyPair key, X509Certificate... chain) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("k", key.getPrivate(), "x".toCharArray(), chain);
        KeyManagerFactory kmf = jsse == null ? KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm())
                : KeyManagerFactory.getInstance("PKIX", jsse);
        kmf.init(ks, "x".toCharArray());
        return kmf.getKeyManagers();
    }

    static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", BC);
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static X509Certificate cert(KeyPair subjectKey, String subject, KeyPair issuerKey, String issuer) throws Exception {
        X509CertificateHolder h = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(System.nanoTime()),
                new Date(System.currentTimeMillis() - 60_000), new Date(System.currentTimeMillis() + 86_400_000L),
                new X500Name(subject), subjectKey.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(issuerKey.getPrivate()));
        return new JcaX509CertificateConverter().getCertificate(h);
    }
}
