// SPDX-License-Identifier: Apache-2.0
package org.estgateway.benchmark;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * One HTTP/1.1 connection over TLS, written by hand so that the benchmark controls connection reuse. A new
 * SSLContext per connection means no session resumption: every new connection is a full handshake, as
 * libest and strongSwan do it.
 */
final class Http implements AutoCloseable {
    private final SSLSocket socket;
    private final OutputStream out;
    private final InputStream in;
    private final String hostHeader;

    private Http(SSLSocket socket, String hostHeader) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream(), 16384);
        this.hostHeader = hostHeader;
    }

    /**
     * The client's TLS implementation: null = the JDK's (SunJSSE with SunEC), else e.g. Bouncy Castle's JSSE
     * provider (BCJSSE on Bouncy Castle's crypto), which costs the client less CPU per handshake.
     */
    static volatile java.security.Provider jsse;

    static Http open(String host, int port, KeyManager[] keys, TrustManager[] trust) throws Exception {
        SSLContext ctx = jsse == null ? SSLContext.getInstance("TLS") : SSLContext.getInstance("TLS", jsse);
        ctx.init(keys, trust, new SecureRandom());
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(host, port);
        s.setTcpNoDelay(true);
        s.setSoTimeout(60_000);
        s.startHandshake();
        return new Http(s, host + ":" + port);
    }

    /** @param close the server announced it closes the connection; {@code retryAfter} in seconds, or -1 */
    record Response(int status, byte[] body, boolean close, int retryAfter) {
    }

    Response post(String path, String authorization, byte[] body, boolean keepAlive) throws IOException {
        StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\nHost: ").append(hostHeader)
                .append("\r\nUser-Agent: est-benchmark\r\nContent-Type: application/pkcs10\r\nContent-Length: ")
                .append(body.length).append("\r\n");
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        if (!keepAlive) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return read();
    }

    private Response read() throws IOException {
        String status = line();
        int code = Integer.parseInt(status.split(" ")[1]);
        int length = -1;
        boolean close = false;
        int retryAfter = -1;
        for (String l = line(); !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = l.substring(0, colon).trim();
            String value = l.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("content-length")) {
                length = Integer.parseInt(value);
            } else if (name.equalsIgnoreCase("connection")) {
                close = value.equalsIgnoreCase("close");
            } else if (name.equalsIgnoreCase("retry-after")) {
                retryAfter = Integer.parseInt(value);
            }
        }
        byte[] body = length >= 0 ? in.readNBytes(length) : new byte[0];
        return new Response(code, body, close, retryAfter);
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
        }
        if (c == -1 && b.size() == 0) {
            throw new IOException("connection closed");
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing
        }
    }
}
