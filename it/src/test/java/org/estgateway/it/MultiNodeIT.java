// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.EnrollmentResponse;
import org.bouncycastle.est.jcajce.JcaHttpAuthBuilder;
import org.bouncycastle.est.jcajce.JsseESTServiceBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two nodes from the one build (port offsets 1000 and 1200: HTTPS 9443 and 9643, management 10990 and 11190),
 * one database (est_it_nodes), one shared data directory, behind a real HAProxy started from the operator's
 * deploy/haproxy-passthrough.cfg (127.0.0.1:21443) and deploy/haproxy-terminating.cfg (127.0.0.1:21543, connecting
 * to the nodes from 127.0.0.2, the only address in their EST_TRUSTED_PROXIES). docs/SCALING.md has the figures.
 */
class MultiNodeIT {
    static final String DATABASE = "est_it_nodes";
    static final String PASSWORD = "nodes-Secret-1";
    static final String A = "node-a";
    static final String B = "node-b";
    static final int THREADS = 6;
    static OwnServer nodeA;
    static OwnServer nodeB;
    static HaProxy passthrough;
    static HaProxy terminating;
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        Path shared = Path.of("target", "multinode", "est-data").toAbsolutePath();
        Files.createDirectories(shared);
        work = Files.createDirectories(Path.of("target", "multinode", "work").toAbsolutePath());
        nodeA = node(A, 1000, shared);
        nodeB = node(B, 1200, shared);
        // B starts once A's bootstrap made the CA and TLS key stores of the shared directory (racing for them on an
        // empty directory is StartupRaceIT's subject); both then deploy at the same time.
        long consoleBefore = Files.exists(nodeA.console) ? Files.size(nodeA.console) : 0;
        nodeA.launch();
        awaitConsole(nodeA, consoleBefore, "JBoss Bootstrap Environment", Duration.ofMinutes(2));
        nodeB.launch();
        nodeA.awaitReady(Duration.ofMinutes(4));
        nodeB.awaitReady(Duration.ofMinutes(4));

        passthrough = new HaProxy("multinode-lb-passthrough", "haproxy-passthrough.cfg", 21443, 21404)
                .node("A", A, nodeA).node("B", B, nodeB);
        passthrough.start();
        Path tlsPem = work.resolve("lb-tls.pem");
        Path clientCa = work.resolve("lb-client-ca.pem");
        // the commands of deploy/haproxy-terminating.cfg's header, as an operator runs them
        Shell.Result export = Shell.run(work, "D=" + shared + "; umask 077; openssl pkcs12 -in $D/tls/server.p12 -nodes"
                + " -passin file:$D/keystore.password > " + tlsPem + " && keytool -list -rfc -keystore $D/tls/trust.p12"
                + " -storepass:file $D/keystore.password | sed -n '/-----BEGIN/,/-----END/p' > " + clientCa
                + " && grep -c 'BEGIN CERTIFICATE' " + clientCa);
        assertEquals(0, export.exit(), export.output());
        terminating = new HaProxy("multinode-lb-terminating", "haproxy-terminating.cfg", 21543, 21504)
                .node("A", A, nodeA).node("B", B, nodeB).env("EST_LB_TLS_PEM", tlsPem.toString())
                .env("EST_LB_CLIENT_CA", clientCa.toString()).env("EST_LB_GATEWAY_CA", nodeA.caPem().toString())
                .env("EST_LB_SOURCE", "127.0.0.2");
        terminating.start();
        passthrough.awaitStatus(A, "UP", Duration.ofSeconds(20));
        passthrough.awaitStatus(B, "UP", Duration.ofSeconds(20));
        terminating.awaitStatus(A, "UP", Duration.ofSeconds(20));
        terminating.awaitStatus(B, "UP", Duration.ofSeconds(20));
    }

    static OwnServer node(String name, int offset, Path sharedDataDir) {
        return new OwnServer("multinode-" + name, offset, OwnServer.DIRECT_PREFIX + DATABASE).sharingDataDir(sharedDataDir)
                .env("EST_NODE_NAME", name).env("EST_TRUSTED_PROXIES", "127.0.0.2");
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {terminating, passthrough, nodeA, nodeB}) {
            if (c != null) {
                c.close();
            }
        }
    }

    // --- passthrough: real clients, both nodes serve ------------------------------------------------------------

    @Test
    void connectionsThroughThePassthroughBalancerLandOnBothNodes() throws Exception {
        long a = passthrough.sessions(A);
        long b = passthrough.sessions(B);
        for (int i = 0; i < 10; i++) {
            assertEquals(200, get(passthrough, "/.well-known/est/cacerts").status());
        }
        long servedByA = passthrough.sessions(A) - a;
        long servedByB = passthrough.sessions(B) - b;
        System.out.println("MultiNodeIT: 10 new connections: " + servedByA + " to " + A + ", " + servedByB + " to " + B);
        assertEquals(10, servedByA + servedByB);
        assertTrue(servedByA >= 3 && servedByB >= 3, "both nodes serve: " + servedByA + " / " + servedByB);
    }

    @Test
    void bouncyCastleEnrollsAndReenrollsThroughThePassthroughBalancer() throws Exception {
        bouncyCastleEnrollsAndReenrolls(passthrough);
    }

    @Test
    void curlEnrollsAndReenrollsWithItsClientCertificateThroughThePassthroughBalancer() throws Exception {
        curlEnrollsAndReenrolls(passthrough);
    }

    @Test
    void strongSwanEnrollsAndReenrollsThroughThePassthroughBalancer() throws Exception {
        Shell.requireProgram("pki");
        String cn = OwnServer.uniqueName("lb-ss");
        nodeA.registerDevice(cn, PASSWORD);
        Shell.Result r = sh("URL=https://localhost:" + passthrough.port + "; K=" + cn + ".key.pem;"
                + " pki --gen --type ecdsa --size 256 --outform pem > $K"
                + " && pki --req --type priv --in $K --dn CN=" + cn + " --outform der > " + cn + ".req"
                + " && pki --est --url $URL --cacert $CA --in " + cn + ".req --userpass " + cn + ":" + PASSWORD
                + " --outform pem > " + cn + ".1.pem && openssl verify -CAfile $CA " + cn + ".1.pem"
                + " && pki --est --url $URL --cacert $CA --in " + cn + ".req --cert " + cn + ".1.pem --key $K --outform pem > "
                + cn + ".2.pem && openssl verify -CAfile $CA " + cn + ".2.pem && ! cmp -s " + cn + ".1.pem " + cn + ".2.pem");
        assertEquals(0, r.exit(), r.output());
        assertEquals(List.of("2"), issued(cn));
        assertEquals(List.of("1"), OwnServer.column(DATABASE, "SELECT count(*) FROM issued_certificate WHERE subject_dn LIKE ?"
                + " AND auth_method = 'TLS_CERTIFICATE'", "%CN=" + cn + "%"), "the re-enrollment used the client certificate");
    }

    // --- failover: kill -9 of one node under load ------------------------------------------------------------------

    @Test
    void killMinus9OfOneNodeUnderLoadFailsOnlyRequestsInFlightAndTheNodeRejoins() throws Exception {
        try {
            failover();
        } finally {
            if (nodeB.jvm().isEmpty()) {
                nodeB.start(); // the other tests need both nodes, whatever this one found
                passthrough.awaitStatus(B, "UP", Duration.ofSeconds(30));
            }
        }
    }

    private void failover() throws Exception {
        List<String> devices = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            String cn = OwnServer.uniqueName("lb-load");
            nodeA.registerDevice(cn, PASSWORD);
            devices.add(cn);
        }
        EnrollmentLoad.Endpoint lb = new EnrollmentLoad.Endpoint(passthrough.uri("/.well-known/est/simpleenroll"), nodeA.caPem());
        long t0 = System.nanoTime();
        EnrollmentLoad load = new EnrollmentLoad(lb, devices, PASSWORD, EnrollmentLoad.OnFailure.RETRY_ONCE_ON_NEW_CONNECTION)
                .newConnectionsForFirst(THREADS / 2).start(Duration.ofSeconds(30));
        Thread.sleep(12_000);
        long sessionsBOnKill = passthrough.sessions(B);
        long kill = System.nanoTime();
        nodeB.kill();
        passthrough.awaitStatus(B, "DOWN", Duration.ofSeconds(10));
        long down = System.nanoTime();
        Duration detected = Duration.ofNanos(down - kill);
        List<EnrollmentLoad.Attempt> attempts = load.awaitEnd(Duration.ofSeconds(60));
        long end = System.nanoTime();

        List<EnrollmentLoad.Attempt> failed = attempts.stream().filter(x -> !x.retry() && x.status() != 200).toList();
        List<EnrollmentLoad.Attempt> retries = attempts.stream().filter(EnrollmentLoad.Attempt::retry).toList();
        long okBefore = attempts.stream().filter(x -> x.status() == 200 && x.answer().endNanos() < kill).count();
        long okAfter = attempts.stream().filter(x -> x.status() == 200 && x.answer().startNanos() >= down).count();
        long latestFailureStart = failed.stream().mapToLong(x -> x.answer().startNanos() - kill).max().orElse(0);
        String report = String.format(Locale.ROOT, "%d client threads (%d new connection per request, %d kept alive),"
                + " %d requests (%s), %d failed (%s), %d retries (%s), kill -9 of %s after %.1f s, marked DOWN by HAProxy"
                + " %d ms after the kill, latest failed request started %d ms after the kill; throughput %.1f/s before the"
                + " kill (2 nodes), %.1f/s after it was marked down (1 node)",
                THREADS, THREADS / 2, THREADS - THREADS / 2, attempts.size(),
                EnrollmentLoad.counts(EnrollmentLoad.answers(attempts)), failed.size(),
                failed.stream().map(x -> x.answer().body()).distinct().limit(3).collect(Collectors.joining("; ")),
                retries.size(), EnrollmentLoad.counts(EnrollmentLoad.answers(retries)), B, (kill - t0) / 1e9,
                detected.toMillis(), TimeUnit.NANOSECONDS.toMillis(latestFailureStart),
                okBefore / ((kill - t0) / 1e9), okAfter / ((end - down) / 1e9));
        System.out.println("MultiNodeIT failover: " + report);

        assertTrue(sessionsBOnKill > 0, B + " served before the kill: " + report);
        assertTrue(failed.size() <= THREADS, "at most one failure per client thread (its request in flight): " + report);
        assertEquals(failed.size(), failed.stream().map(EnrollmentLoad.Attempt::device).distinct().count(),
                "no client failed twice: " + report);
        // in flight at the kill, or sent on a kept-alive connection to the killed node in the moment before HAProxy
        // passed its closing on to the client; nothing fails once HAProxy took the node out
        assertTrue(failed.stream().allMatch(x -> x.answer().startNanos() < kill + TimeUnit.SECONDS.toNanos(1)),
                "failures only for requests in flight at the kill: " + report);
        assertTrue(attempts.stream().filter(x -> x.answer().startNanos() >= down).allMatch(x -> x.status() == 200),
                "no failure once HAProxy marked the node down: " + report);
        assertEquals(failed.size(), retries.size(), "every failure was retried once: " + report);
        assertTrue(retries.stream().allMatch(x -> x.status() == 200), "every retry succeeds on the other node: " + report);
        assertTrue(okAfter > 0, "service after the kill: " + report);
        assertTrue(detected.compareTo(Duration.ofSeconds(5)) < 0, "the health check takes the node out: " + report);

        EnrollmentLoad.assertEveryCertificateOnRecord(DATABASE, devices, EnrollmentLoad.answers(attempts));
        EnrollmentLoad.assertNoSerialTwice(DATABASE);
        EnrollmentLoad.assertAuditVerifies(DATABASE);

        // the killed node is started again with the same command: HAProxy marks it up and it gets traffic again
        long restart = System.nanoTime();
        nodeB.start();
        passthrough.awaitStatus(B, "UP", Duration.ofSeconds(30));
        long up = System.nanoTime();
        long sessionsB = passthrough.sessions(B);
        EnrollmentLoad after = new EnrollmentLoad(lb, devices.subList(0, 2), PASSWORD,
                EnrollmentLoad.OnFailure.RETRY_ONCE_ON_NEW_CONNECTION).newConnectionsForFirst(2).start(Duration.ofSeconds(4));
        List<EnrollmentLoad.Attempt> rejoined = after.awaitEnd(Duration.ofSeconds(30));
        System.out.println("MultiNodeIT failover: " + B + " restarted and marked UP " + TimeUnit.NANOSECONDS.toSeconds(up - restart)
                + " s after its start command; then " + EnrollmentLoad.counts(EnrollmentLoad.answers(rejoined)) + " in 4 s, "
                + (passthrough.sessions(B) - sessionsB) + " connections to " + B);
        assertTrue(passthrough.sessions(B) > sessionsB, B + " gets traffic again after its restart");
        assertTrue(rejoined.stream().allMatch(x -> x.status() == 200), "all served after the rejoin: "
                + EnrollmentLoad.counts(EnrollmentLoad.answers(rejoined)));
        EnrollmentLoad.assertEveryCertificateOnRecord(DATABASE, devices, EnrollmentLoad.answers(rejoined));
    }

    // --- one CRL sequence through the load balancer -----------------------------------------------------------------

    @Test
    void crlNumbersSeenThroughTheBalancerNeverDecrease() throws Exception {
        List<BigInteger> revoked = new ArrayList<>();
        for (OwnServer node : List.of(nodeA, nodeB)) {
            String cn = OwnServer.uniqueName("lb-crl");
            node.registerDevice(cn, PASSWORD);
            OwnServer.Answer a = node.enroll(node.client(), "simpleenroll", cn, PASSWORD);
            assertEquals(200, a.status(), a.body());
            String serial = OwnServer.column(DATABASE, "SELECT serial_hex FROM issued_certificate WHERE sha256 = ?", a.sha256())
                    .get(0).strip();
            HttpResponse<String> r = node.client().send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + node.httpsPort + "/api/v1/certificates/" + serial.toUpperCase(Locale.ROOT)
                            + "/revoke")).header("Content-Type", "application/json")
                    .header("Authorization", OwnServer.basic("admin", OwnServer.ADMIN_PASSWORD))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"keyCompromise\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), node.name + ": " + r.body());
            revoked.add(new BigInteger(serial, 16));
        }
        long a = passthrough.sessions(A);
        long b = passthrough.sessions(B);
        List<BigInteger> numbers = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            RawHttps.Response r = get(passthrough, "/crl");
            assertEquals(200, r.status());
            X509CRLHolder crl = new X509CRLHolder(r.body());
            for (BigInteger serial : revoked) {
                assertTrue(crl.getRevokedCertificate(serial) != null, "every fetch has both revocations: " + serial.toString(16));
            }
            numbers.add(ASN1Integer.getInstance(crl.getExtension(Extension.cRLNumber).getParsedValue()).getValue());
        }
        String report = "CRL numbers through the balancer: " + numbers + " (" + (passthrough.sessions(A) - a) + " fetches from "
                + A + ", " + (passthrough.sessions(B) - b) + " from " + B + ")";
        System.out.println("MultiNodeIT: " + report);
        assertTrue(passthrough.sessions(A) > a && passthrough.sessions(B) > b, "both nodes served the CRL: " + report);
        for (int i = 1; i < numbers.size(); i++) {
            // RFC 5280 §5.2.3: the CRL number increases monotonically for a given CA
            assertTrue(numbers.get(i).compareTo(numbers.get(i - 1)) >= 0, "a relying party sees the CRL number go back: " + report);
        }
    }

    // --- TLS-terminating HAProxy (RFC 9440 Client-Cert) -----------------------------------------------------------

    @Test
    void curlReenrollsWithItsClientCertificateThroughTheTerminatingBalancer() throws Exception {
        curlEnrollsAndReenrolls(terminating);
    }

    @Test
    void bouncyCastleReenrollsWithItsClientCertificateThroughTheTerminatingBalancer() throws Exception {
        bouncyCastleEnrollsAndReenrolls(terminating);
    }

    @Test
    void aForgedClientCertHeaderIsRefusedDirectlyAtANodeAndThroughTheTerminatingBalancer() throws Exception {
        String cn = OwnServer.uniqueName("lb-forged");
        nodeA.registerDevice(cn, PASSWORD);
        OwnServer.Answer enrolled = nodeA.enroll(nodeA.client(), "simpleenroll", cn, PASSWORD);
        assertEquals(200, enrolled.status(), enrolled.body());
        // RFC 9440: the certificate of a real device, as a proxy would forward it
        String forged = ":" + Base64.getEncoder().encodeToString(certificateDer(enrolled.sha256())) + ":";
        byte[] csr = Csrs.base64Wrapped(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn))).getBytes(StandardCharsets.US_ASCII);
        // Without a TLS client certificate: straight to a node from 127.0.0.1 (not in its EST_TRUSTED_PROXIES), and
        // through the terminating balancer, which drops the header the device sent and sets none of its own.
        for (int port : new int[] {nodeA.httpsPort, terminating.port}) {
            RawHttps.Response r = RawHttps.send(LauncherIT.trusting(nodeA.caPem()), "localhost", port, "POST",
                    "/.well-known/est/simplereenroll", List.of("Content-Type: application/pkcs10", "Client-Cert: " + forged,
                            "X-Forwarded-For: 203.0.113.7", "Connection: close"), csr);
            assertTrue(r.status() == 401 || r.status() == 403, port + ": a forged Client-Cert is refused: " + r.status()
                    + " " + r.text());
        }
        assertEquals(List.of("1"), issued(cn), "nothing issued on a forged header");
    }

    // --- shared steps ----------------------------------------------------------------------------------------------

    private void curlEnrollsAndReenrolls(HaProxy lb) throws Exception {
        Shell.requireProgram("curl");
        String cn = OwnServer.uniqueName("lb-curl");
        nodeA.registerDevice(cn, PASSWORD);
        String e = "E=https://localhost:" + lb.port + "/.well-known/est; ";
        Shell.Result enroll = sh(e + "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " + cn + ".key"
                + " -subj /CN=" + cn + " -outform DER 2>/dev/null | base64 -w64 > " + cn + ".b64"
                + " && curl -sS --fail-with-body --cacert $CA -u " + cn + ":" + PASSWORD + " -H 'Content-Type: application/pkcs10'"
                + " --data-binary @" + cn + ".b64 $E/simpleenroll | base64 -d | openssl pkcs7 -inform DER -print_certs -out "
                + cn + ".pem && openssl verify -CAfile $CA " + cn + ".pem");
        assertEquals(0, enroll.exit(), lb.name + ": " + enroll.output());
        Shell.Result reenroll = sh(e + "openssl req -new -key " + cn + ".key -subj /CN=" + cn + " -outform DER | base64 -w64 > "
                + cn + ".re.b64 && curl -sS --fail-with-body --cacert $CA --cert " + cn + ".pem --key " + cn + ".key"
                + " -H 'Content-Type: application/pkcs10' --data-binary @" + cn + ".re.b64 $E/simplereenroll"
                + " | base64 -d | openssl pkcs7 -inform DER -print_certs -out " + cn + ".re.pem"
                + " && openssl verify -CAfile $CA " + cn + ".re.pem");
        assertEquals(0, reenroll.exit(), lb.name + ": " + reenroll.output());
        assertEquals(List.of("2"), issued(cn));
        assertEquals(List.of("1"), OwnServer.column(DATABASE, "SELECT count(*) FROM issued_certificate WHERE subject_dn LIKE ?"
                + " AND auth_method = 'TLS_CERTIFICATE'", "%CN=" + cn + "%"), lb.name + ": re-enrolled on the client certificate");
    }

    private void bouncyCastleEnrollsAndReenrolls(HaProxy lb) throws Exception {
        String cn = OwnServer.uniqueName("lb-bc");
        nodeA.registerDevice(cn, PASSWORD);
        KeyPair key = Csrs.ecKey();
        X509Certificate cert = first(est(lb, null).simpleEnroll(false, Csrs.csr(key, "CN=" + cn),
                new JcaHttpAuthBuilder("EST", cn, PASSWORD.toCharArray()).build()));
        assertEquals("CN=" + cn, cert.getSubjectX500Principal().getName());
        X509Certificate renewed = first(est(lb, Csrs.clientKeys(key.getPrivate(), cert))
                .simpleEnroll(true, Csrs.csr(Csrs.ecKey(), "CN=" + cn), null));
        assertEquals(cert.getSubjectX500Principal(), renewed.getSubjectX500Principal());
        assertNotEquals(cert.getSerialNumber(), renewed.getSerialNumber());
        assertEquals(List.of("2"), issued(cn));
        assertEquals(List.of("TLS_CERTIFICATE"), OwnServer.column(DATABASE,
                "SELECT auth_method FROM issued_certificate WHERE serial_hex = ?", renewed.getSerialNumber().toString(16)),
                lb.name + ": re-enrolled on the client certificate");
    }

    private static ESTService est(HaProxy lb, KeyManager[] keys) throws Exception {
        JsseESTServiceBuilder b = new JsseESTServiceBuilder("localhost:" + lb.port, trustManager(nodeA.caPem()));
        if (keys != null) {
            b.withKeyManagers(keys);
        }
        return b.build();
    }

    private static X509Certificate first(EnrollmentResponse response) throws Exception {
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> certs = response.getStore().getMatches(null);
        assertEquals(1, certs.size());
        return new JcaX509CertificateConverter().getCertificate(certs.iterator().next());
    }

    private static X509TrustManager trustManager(Path caPem) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (var in = Files.newInputStream(caPem)) {
            ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return (X509TrustManager) tmf.getTrustManagers()[0];
    }

    /** A GET on a connection of its own (closed after the answer), so HAProxy balances each afresh. */
    private static RawHttps.Response get(HaProxy lb, String path) throws Exception {
        return RawHttps.send(LauncherIT.trusting(nodeA.caPem()), "localhost", lb.port, "GET", path, List.of("Connection: close"), null);
    }

    private static byte[] certificateDer(String sha256) throws Exception {
        String hex = OwnServer.column(DATABASE, "SELECT encode(der, 'hex') FROM issued_certificate WHERE sha256 = ?", sha256).get(0);
        return HexFormat.of().parseHex(hex);
    }

    private static List<String> issued(String cn) throws Exception {
        return OwnServer.column(DATABASE, "SELECT count(*) FROM issued_certificate WHERE subject_dn LIKE ?", "%CN=" + cn + "%");
    }

    private static Shell.Result sh(String script) {
        return Shell.run(work, "CA=" + nodeA.caPem() + "; " + script);
    }

    private static void awaitConsole(OwnServer node, long from, String line, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(node.console) && node.log().length() > from && node.log().substring((int) from).contains(line)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(node.name + ": no '" + line + "' within " + limit + ", see " + node.console);
    }
}
