// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway behind a TLS-terminating proxy (RFC 9440). The shared server trusts EST_TRUSTED_PROXIES=127.0.0.2
 * (it/pom.xml): requests sent from 127.0.0.2 play the proxy, which forwards the client certificate in
 * {@code Client-Cert} and the client address in {@code X-Forwarded-For}; the same headers sent from 127.0.0.1
 * are a forgery and are ignored (and logged). The real HAProxy in {@code mode http} is MultiNodeIT's.
 */
class TrustedProxyIT {
    static final String PROXY = "127.0.0.2";
    static final String STRANGER = "127.0.0.1";
    static final String PASSWORD = "device-Secret-1";
    static final Path CONSOLE = Path.of(System.getProperty("est.it.console.log", "target/server-console.log"));

    @BeforeAll
    static void server() {
        TestServer.awaitReady();
    }

    static String clientCert(X509Certificate cert) throws Exception {
        return "Client-Cert: :" + Base64.getEncoder().encodeToString(cert.getEncoded()) + ":";
    }

    static String cn(Enroll.Credential c) {
        return c.certificate().getSubjectX500Principal().getName().substring(3);
    }

    static Enroll.Credential enrolled(String prefix) throws Exception {
        String cn = TestServer.uniqueName(prefix);
        TestServer.registerDevice(cn, PASSWORD);
        return Enroll.basicEnroll(cn, PASSWORD);
    }

    /** A simplereenroll (or another EST POST) with a fresh key for this device, from the given source address. */
    static RawHttps.Response reenroll(String from, String operation, String cn, KeyManager[] tlsKeys, String... headers)
            throws Exception {
        List<String> h = new ArrayList<>(List.of(Enroll.PKCS10, "Connection: close"));
        h.addAll(List.of(headers));
        return RawHttps.sendFrom(from, "POST", "/.well-known/est/" + operation, h,
                Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn))), tlsKeys);
    }

    @Test
    void aForgedClientCertSentStraightToTheNodeIsIgnoredAndLogged() throws Exception {
        Enroll.Credential device = enrolled("forged");
        long logStart = Files.size(CONSOLE);
        // The WARN line is throttled (one per 10 s server-wide); other tests may have used the slot just now.
        String warning = null;
        for (int attempt = 0; attempt < 15 && warning == null; attempt++) {
            RawHttps.Response r = reenroll(STRANGER, "simplereenroll", cn(device), null, clientCert(device.certificate()),
                    "X-Forwarded-For: 192.0.2.77");
            assertEquals(401, r.status(), "not authenticated as the device whose certificate the header holds: " + r.text());
            warning = newLines(logStart).stream().filter(l -> l.contains("WARN") && l.contains(
                    "forwarding header(s) Client-Cert, X-Forwarded-For from 127.0.0.1 ignored")).findFirst().orElse(null);
            if (warning == null) {
                Thread.sleep(1000);
            }
        }
        assertTrue(warning != null, "no WARN line about the ignored headers in " + CONSOLE);
        assertTrue(!warning.contains(Base64.getEncoder().encodeToString(device.certificate().getEncoded()).substring(0, 40))
                && !warning.contains("192.0.2.77"), "the header values are never logged: " + warning);
        assertEquals(1, TestServer.issuedCount(cn(device)), "nothing issued");
    }

    @Test
    void aFloodOfForgedHeadersWritesAtMostOneWarningPerTenSeconds() throws Exception {
        long logStart = Files.size(CONSOLE);
        long started = System.nanoTime();
        for (int i = 0; i < 40; i++) {
            assertEquals(200, RawHttps.sendFrom(STRANGER, "GET", "/.well-known/est/cacerts",
                    List.of("X-Forwarded-For: 10.0.0." + i, "Connection: close"), null, null).status());
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        long warnings = newLines(logStart).stream().filter(l -> l.contains("forwarding header(s)")).count();
        assertTrue(warnings <= seconds / 10 + 1, warnings + " warnings in " + seconds + " s");
    }

    @Test
    void throughTheTrustedProxyTheForwardedCertificateReenrollsAndTheForwardedAddressIsRecorded() throws Exception {
        Enroll.Credential device = enrolled("proxied");
        RawHttps.Response r = reenroll(PROXY, "simplereenroll", cn(device), null, clientCert(device.certificate()),
                "X-Forwarded-For: 203.0.113.1, 198.51.100.23");
        assertEquals(200, r.status(), r.text());
        X509Certificate renewed = Enroll.certificate(r);
        assertEquals(2, TestServer.issuedCount(cn(device)));
        String serial = renewed.getSerialNumber().toString(16);
        assertEquals(1, TestServer.queryLong("SELECT count(*) FROM issued_certificate WHERE serial_hex = ?", serial));
        assertEquals("198.51.100.23", TestServer.queryString(
                "SELECT source_address FROM audit_event WHERE serial_hex = ? AND outcome = 'SUCCESS'", serial),
                "the audit row carries the client's address the proxy forwarded, not the proxy's");
        assertTrue(Files.readAllLines(CONSOLE, StandardCharsets.UTF_8).stream().anyMatch(l -> l.contains("EST simplereenroll")
                && l.contains(cn(device)) && l.contains("source=198.51.100.23") && l.contains("status=200")),
                "the request log names the forwarded source");
    }

    @Test
    void withoutXForwardedForTheProxysAddressIsTheSource() throws Exception {
        Enroll.Credential device = enrolled("proxied-noxff");
        RawHttps.Response r = reenroll(PROXY, "simplereenroll", cn(device), null, clientCert(device.certificate()));
        assertEquals(200, r.status(), r.text());
        assertEquals(PROXY, TestServer.queryString("SELECT source_address FROM audit_event WHERE serial_hex = ?",
                Enroll.certificate(r).getSerialNumber().toString(16)));
    }

    @Test
    void theProxyHopsOwnTlsCertificateIsNeverTheClientsIdentity() throws Exception {
        Enroll.Credential device = enrolled("hop");
        // the "proxy" connects with the device's certificate on its TLS hop but forwards no Client-Cert
        RawHttps.Response r = reenroll(PROXY, "simplereenroll", cn(device), device.keyManagers());
        assertEquals(401, r.status(), r.text());
        // the same over a direct TLS connection is the device itself
        assertEquals(200, reenroll(STRANGER, "simplereenroll", cn(device), device.keyManagers()).status());
    }

    @Test
    void aRevokedCertificateForwardedByTheProxyIsRefused() throws Exception {
        Enroll.Credential device = enrolled("proxied-rev");
        String serial = device.certificate().getSerialNumber().toString(16);
        assertEquals(200, TestServer.adminPost("/api/v1/certificates/" + serial + "/revoke",
                "{\"reason\":\"keyCompromise\"}").statusCode());
        RawHttps.Response r = reenroll(PROXY, "simplereenroll", cn(device), null, clientCert(device.certificate()),
                "X-Forwarded-For: 198.51.100.24");
        assertEquals(403, r.status(), r.text());
        assertTrue(r.text().contains("client certificate is revoked"), r.text());
        assertEquals(1, TestServer.issuedCount(cn(device)));
        assertEquals("198.51.100.24", TestServer.queryString("SELECT source_address FROM audit_event WHERE outcome = "
                + "'REFUSED' AND reason LIKE '%revoked%' AND actor LIKE ? ORDER BY id DESC LIMIT 1", "%" + cn(device) + "%"));
    }

    @Test
    void aSupersededCertificateForwardedByTheProxyMeetsTheLatestCertificateRule() throws Exception {
        Enroll.Credential first = enrolled("proxied-strict");
        RawHttps.Response renewed = reenroll(PROXY, "strict/simplereenroll", cn(first), null, clientCert(first.certificate()));
        assertEquals(200, renewed.status(), renewed.text());
        RawHttps.Response older = reenroll(PROXY, "strict/simplereenroll", cn(first), null, clientCert(first.certificate()));
        assertEquals(403, older.status(), older.text());
        assertTrue(older.text().contains("not the latest certificate"), older.text());
        assertEquals(200, reenroll(PROXY, "strict/simplereenroll", cn(first), null,
                clientCert(Enroll.certificate(renewed))).status(), "the latest one still renews");
        assertEquals(3, TestServer.issuedCount(cn(first)));
    }

    @Test
    void aCertificateOfAnotherCaForwardedByTheProxyIsRefused() throws Exception {
        X509Certificate foreign = Csrs.selfSigned(Csrs.ecKey(), new X500Name("CN=" + TestServer.uniqueName("foreign")));
        RawHttps.Response r = reenroll(PROXY, "simplereenroll", "foreign", null, clientCert(foreign));
        assertEquals(403, r.status(), r.text());
        assertTrue(r.text().contains("not issued by this gateway"), r.text());
    }

    @Test
    void anUnreadableClientCertFromTheProxyIs400AndStoresNothing() throws Exception {
        Enroll.Credential device = enrolled("proxied-bad");
        long audited = audited(cn(device));
        String b64 = Base64.getEncoder().encodeToString(device.certificate().getEncoded());
        List<String[]> bad = List.of(
                new String[] {"Client-Cert: garbage", "Client-Cert: not a structured-field byte sequence"},
                new String[] {"Client-Cert: :" + b64.substring(0, 100) + "!!:", "Client-Cert: not a structured-field byte sequence"},
                new String[] {"Client-Cert: :aGVsbG8=:", "Client-Cert: not a DER certificate"},
                new String[] {"Client-Cert: :" + "A".repeat(22_000) + ":", "Client-Cert: certificate longer than 16384 bytes"},
                new String[] {"Client-Cert-Chain: :" + b64 + ":", "Client-Cert-Chain without Client-Cert"});
        for (String[] c : bad) {
            RawHttps.Response r = reenroll(PROXY, "simplereenroll", cn(device), device.keyManagers(), c[0]);
            assertEquals(400, r.status(), r.text());
            assertTrue(r.header("Content-Type").startsWith("text/plain"), r.header("Content-Type"));
            assertTrue(r.text().startsWith("400 " + c[1]), r.text());
            assertTrue(r.text().length() < 120, r.text());
        }
        RawHttps.Response xff = reenroll(PROXY, "simplereenroll", cn(device), null, "Client-Cert: :" + b64 + ":",
                "X-Forwarded-For: 198.51.100.1, not-an-address");
        assertEquals(400, xff.status(), xff.text());
        assertTrue(xff.text().startsWith("400 X-Forwarded-For: the last entry is not an IP address"), xff.text());
        assertEquals(1, TestServer.issuedCount(cn(device)));
        assertEquals(audited, audited(cn(device)), "nothing audited for the refused requests");
    }

    private static long audited(String cn) {
        return TestServer.queryLong("SELECT count(*) FROM audit_event WHERE actor LIKE ? OR subject LIKE ?",
                "%" + cn + "%", "%" + cn + "%");
    }

    @Test
    void theAdminApiTakesAnAccountsCertificateFromTheTrustedProxyOnly() throws Exception {
        KeyPair key = Csrs.ecKey();
        String name = TestServer.uniqueName("proxy-admin");
        X509Certificate cert = Csrs.selfSigned(key, new X500Name("CN=" + name));
        String pem = "-----BEGIN CERTIFICATE-----\\n" + Base64.getEncoder().encodeToString(cert.getEncoded())
                + "\\n-----END CERTIFICATE-----\\n";
        assertEquals(201, TestServer.adminPost("/api/v1/accounts", "{\"username\":\"" + name
                + "\",\"role\":\"admin\",\"certificate\":\"" + pem + "\"}").statusCode());
        String path = "/api/v1/accounts";
        List<String> headers = List.of(clientCert(cert), "X-Forwarded-For: 198.51.100.50", "Connection: close");

        RawHttps.Response proxied = RawHttps.sendFrom(PROXY, "GET", path, headers, null, null);
        assertEquals(200, proxied.status(), proxied.text());
        assertTrue(proxied.text().contains(name));

        RawHttps.Response forged = RawHttps.sendFrom(STRANGER, "GET", path, headers, null, null);
        assertEquals(401, forged.status(), forged.text());

        RawHttps.Response hop = RawHttps.sendFrom(PROXY, "GET", path, List.of("Connection: close"), null,
                Csrs.clientKeysAlwaysPresented(key.getPrivate(), cert));
        assertEquals(401, hop.status(), "the proxy hop's own certificate is no account's identity: " + hop.text());
        RawHttps.Response direct = RawHttps.sendFrom(STRANGER, "GET", path, List.of("Connection: close"), null,
                Csrs.clientKeysAlwaysPresented(key.getPrivate(), cert));
        assertEquals(200, direct.status(), "the same certificate over a direct TLS connection: " + direct.text());

        RawHttps.Response garbage = RawHttps.sendFrom(PROXY, "GET", path, List.of("Client-Cert: :%%%:",
                "Connection: close"), null, null);
        assertEquals(400, garbage.status(), garbage.text());
        assertTrue(garbage.header("Content-Type").startsWith("application/problem+json"), garbage.header("Content-Type"));
        assertTrue(garbage.text().contains("Client-Cert: not a structured-field byte sequence"), garbage.text());

        assertEquals(200, DeviceAdministrationIT.admin("POST", "/api/v1/accounts/" + name, "{\"enabled\":false}").statusCode());
        assertEquals(401, RawHttps.sendFrom(PROXY, "GET", path, headers, null, null).status(),
                "a disabled account's forwarded certificate is refused like its TLS certificate");
    }

    @Test
    void theTrustedProxysConnectionsAreNotCappedPerSource() throws Exception {
        // EST_MAX_CONNECTIONS_PER_SOURCE is 64 on the test server: the proxy carries many clients' connections
        List<SSLSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 70; i++) {
                SSLSocket s = RawHttps.open(TestServer.sslContext(null), PROXY, TestServer.HOST, TestServer.PORT);
                s.setSoTimeout(20_000);
                s.getOutputStream().write(("GET /.well-known/est/cacerts HTTP/1.1\r\nHost: " + TestServer.HOST
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                String status = statusLine(s);
                assertTrue(status.startsWith("HTTP/1.1 200"), "connection " + (i + 1) + ": " + status);
                open.add(s); // kept open (keep-alive): all 70 at once
            }
        } finally {
            for (SSLSocket s : open) {
                s.close();
            }
        }
    }

    private static String statusLine(SSLSocket s) throws Exception {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = s.getInputStream().read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static List<String> newLines(long from) throws Exception {
        byte[] all = Files.readAllBytes(CONSOLE);
        return new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from),
                StandardCharsets.UTF_8).lines().toList();
    }
}
