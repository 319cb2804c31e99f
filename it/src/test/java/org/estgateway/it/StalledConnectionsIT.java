// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Strangers cannot stop enrollments by holding connections (docs/SECURITY.md): a POST that announces a body and
 * never sends it holds no enrollment slot and no worker thread, is cut by the listener's read timeout, and one
 * source address holds at most EST_MAX_CONNECTIONS_PER_SOURCE (64) connections. The stalled clients connect
 * from other loopback addresses (127.0.0.2, 127.0.0.3) than the device (127.0.0.1), as attackers would.
 */
class StalledConnectionsIT {
    static final String PASSWORD = "device-Secret-1";
    static final int PER_SOURCE_CAP = 64;

    @BeforeAll
    static void server() {
        TestServer.awaitReady();
    }

    @Test
    void fiftyStalledUnauthenticatedPostsNeitherDelayADeviceNorStayOpen() throws Exception {
        String cn = TestServer.uniqueName("stall");
        TestServer.registerDevice(cn, PASSWORD);
        Enroll.basicEnroll(cn, PASSWORD); // the device is known and has enrolled before: its usual request
        List<SSLSocket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                stalled.add(stalledPost("127.0.0.2"));
            }
            Thread.sleep(500); // every stalled request has reached the server
            long start = System.nanoTime();
            Enroll.basicEnroll(cn, PASSWORD);
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.println("StalledConnectionsIT: device enrolled in " + ms + " ms with 50 stalled POSTs held");
            assertTrue(ms < 1000, "a device enrolled in " + ms + " ms while 50 stalled POSTs were held");
            assertEquals(2, TestServer.issuedCount(cn));

            // The listener's read timeout (15 s) cuts every stalled request: none is left hanging.
            long deadline = System.nanoTime() + 25_000_000_000L;
            for (SSLSocket s : stalled) {
                assertTrue(closedOrAnswered(s, deadline), "a stalled POST was still open after 25 s");
            }
        } finally {
            closeAll(stalled);
        }
    }

    @Test
    void oneSourceHoldsAtMostTheCapAndTheRestAreRefusedAtOnce() throws Exception {
        List<SSLSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < PER_SOURCE_CAP; i++) {
                held.add(stalledPost("127.0.0.3"));
            }
            Thread.sleep(500);
            for (int i = 0; i < 6; i++) {
                SSLSocket extra = stalledPost("127.0.0.3");
                held.add(extra);
                extra.setSoTimeout(5_000);
                String answer = new String(extra.getInputStream().readNBytes(4096), StandardCharsets.ISO_8859_1);
                assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
                assertTrue(answer.toLowerCase().contains("retry-after: "), answer);
                assertTrue(answer.toLowerCase().contains("content-type: text/plain"), answer);
                assertTrue(answer.contains("too many connections from this address"), answer);
            }
            // Another address is not affected.
            assertEquals(200, RawHttps.send("GET", "/.well-known/est/cacerts", List.of("Connection: close"), null, null)
                    .status());
        } finally {
            closeAll(held);
        }
        // Closed connections give their places back.
        Thread.sleep(500);
        try (SSLSocket again = connect("127.0.0.3")) {
            again.getOutputStream().write(("GET /.well-known/est/cacerts HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            again.setSoTimeout(10_000);
            String answer = new String(again.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            assertEquals("HTTP/1.1 200", answer);
        }
    }

    @Test
    void requestsOverOneHttp2ConnectionCountAsOneConnection() throws Exception {
        // Undertow gives each HTTP/2 stream a connection object of its own; the cap counts TCP connections, so a
        // long-lived HTTP/2 client (the JDK's HttpClient keeps its connection) is never refused by its own requests.
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2).sslContext(TestServer.sslContext(null)).build();
        for (int i = 0; i < PER_SOURCE_CAP + 36; i++) {
            java.net.http.HttpResponse<byte[]> r = client.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(TestServer.EST + "/cacerts")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode(), "request " + i);
            assertEquals(java.net.http.HttpClient.Version.HTTP_2, r.version());
        }
    }

    /** A TLS connection from {@code source} that sent a POST head announcing 1000 bytes and no body, no credentials. */
    static SSLSocket stalledPost(String source) throws IOException {
        SSLSocket s = connect(source);
        s.getOutputStream().write(("POST /.well-known/est/simpleenroll HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/pkcs10\r\nContent-Length: 1000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    static SSLSocket connect(String source) throws IOException {
        Socket plain = new Socket();
        plain.bind(new InetSocketAddress(source, 0));
        plain.connect(new InetSocketAddress("127.0.0.1", TestServer.PORT), 5_000);
        SSLSocket s = (SSLSocket) TestServer.sslContext(null).getSocketFactory()
                .createSocket(plain, TestServer.HOST, TestServer.PORT, true);
        s.startHandshake();
        return s;
    }

    /** Whether the server closed the connection (or answered it) before the deadline. */
    static boolean closedOrAnswered(SSLSocket s, long deadlineNanos) throws IOException {
        InputStream in = s.getInputStream();
        while (System.nanoTime() < deadlineNanos) {
            s.setSoTimeout((int) Math.max(1, Math.min(1_000, (deadlineNanos - System.nanoTime()) / 1_000_000)));
            try {
                in.read();
                return true; // a byte of an answer, or -1: closed
            } catch (SocketTimeoutException e) {
                // still open
            } catch (IOException e) {
                return true; // reset
            }
        }
        return false;
    }

    static void closeAll(List<SSLSocket> sockets) {
        for (SSLSocket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // already closed by the server
            }
        }
    }
}
