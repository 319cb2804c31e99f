// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * HTTP/1.1 over TLS written byte by byte, so a test controls every header (or its absence) the way real
 * EST clients do; java.net.http adds User-Agent and forbids Connection/Content-Length.
 */
public final class RawHttps {
    private RawHttps() {
    }

    /** A parsed response. Header names are lower-cased; repeated headers keep every value. */
    public record Response(int status, String statusLine, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? null : v.get(0);
        }

        public String text() {
            return new String(body, StandardCharsets.US_ASCII);
        }
    }

    /**
     * Sends one request. {@code headerLines} are written as given ("Name: value"); Host and, with a body,
     * Content-Length are added unless present.
     */
    public static Response send(String method, String path, List<String> headerLines, byte[] body,
            KeyManager[] clientKeys) throws IOException {
        return sendFrom(null, method, path, headerLines, body, clientKeys);
    }

    /**
     * The same, from a chosen local address (e.g. 127.0.0.2, a trusted proxy's address on the test server):
     * java.net.http cannot bind its client socket, a plain socket can, with TLS layered over it.
     */
    public static Response sendFrom(String localAddress, String method, String path, List<String> headerLines,
            byte[] body, KeyManager[] clientKeys) throws IOException {
        return send(TestServer.sslContext(clientKeys), localAddress, TestServer.HOST, TestServer.PORT, method, path,
                headerLines, body);
    }

    /** The same to another server (an own server, a load balancer) with the given TLS context. */
    public static Response send(SSLContext tls, String host, int port, String method, String path, List<String> headerLines,
            byte[] body) throws IOException {
        return send(tls, null, host, port, method, path, headerLines, body);
    }

    static Response send(SSLContext tls, String localAddress, String host, int port, String method, String path,
            List<String> headerLines, byte[] body) throws IOException {
        try (SSLSocket socket = open(tls, localAddress, host, port)) {
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
            List<String> lower = headerLines.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
            if (lower.stream().noneMatch(h -> h.startsWith("host:"))) {
                head.append("Host: ").append(host).append(':').append(port).append("\r\n");
            }
            for (String h : headerLines) {
                head.append(h).append("\r\n");
            }
            if (body != null && lower.stream().noneMatch(h -> h.startsWith("content-length:"))) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return read(socket.getInputStream(), "HEAD".equals(method));
        }
    }

    static SSLSocket open(SSLContext tls, String localAddress, String host, int port) throws IOException {
        if (localAddress == null) {
            return (SSLSocket) tls.getSocketFactory().createSocket(host, port);
        }
        Socket plain = new Socket();
        try {
            plain.bind(new InetSocketAddress(localAddress, 0));
            // a socket bound to an IPv4 loopback address reaches "localhost" on IPv4
            plain.connect(new InetSocketAddress("localhost".equals(host) ? "127.0.0.1" : host, port), 10_000);
            return (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private static Response read(InputStream in, boolean head) throws IOException {
        String statusLine = line(in);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.computeIfAbsent(l.substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(l.substring(colon + 1).strip());
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        byte[] body;
        List<String> length = headers.get("content-length");
        if (head || status == 204 || status == 304) {
            body = new byte[0];
        } else if (length != null) {
            body = in.readNBytes(Integer.parseInt(length.get(0)));
        } else {
            body = readChunkedOrAll(in, headers);
        }
        return new Response(status, statusLine, headers, body);
    }

    private static byte[] readChunkedOrAll(InputStream in, Map<String, List<String>> headers) throws IOException {
        List<String> te = headers.get("transfer-encoding");
        if (te == null) {
            return in.readAllBytes();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int size = Integer.parseInt(line(in).strip(), 16); size > 0; size = Integer.parseInt(line(in).strip(), 16)) {
            out.write(in.readNBytes(size));
            line(in);
        }
        line(in);
        return out.toByteArray();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        if (c == -1 && b.size() == 0) {
            throw new IOException("connection closed before a complete response");
        }
        return b.toString(StandardCharsets.US_ASCII);
    }
}
