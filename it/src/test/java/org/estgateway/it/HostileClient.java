// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A raw HTTP/1.1-over-TLS client for hostile traffic: sends request bytes exactly as given (broken framing
 * included) and reads whatever comes back, reusing one connection while the server keeps it open. Status
 * {@link #CLOSED} means the server closed without an answer, {@link #TIMEOUT} that it did not answer in time;
 * neither is a server error.
 */
final class HostileClient implements AutoCloseable {
    static final int CLOSED = -1;
    static final int TIMEOUT = -2;
    private static final int MAX_BODY = 1 << 20;
    private final SSLContext tls;
    private SSLSocket socket;
    private InputStream in;
    private int reused;

    /** A response; headers lower-cased, each with all its values. */
    record Answer(int status, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> v = headers.get(name);
            return v == null ? null : v.get(0);
        }

        String bodyStart(int max) {
            String s = new String(body, 0, Math.min(body.length, max), StandardCharsets.ISO_8859_1);
            return s.replaceAll("[^\\x20-\\x7e]", "?");
        }
    }

    HostileClient(SSLContext tls) {
        this.tls = tls;
    }

    /**
     * Sends one request. {@code fresh}: on a new connection, closed afterwards (for broken framing that leaves
     * the connection in an unknown state), waiting at most {@code timeoutMillis}.
     */
    Answer exchange(byte[] request, boolean fresh, int timeoutMillis) {
        if (fresh) {
            close();
        }
        for (int attempt = 0; ; attempt++) {
            boolean wasReused = socket != null;
            try {
                if (socket == null) {
                    open(timeoutMillis);
                }
                socket.setSoTimeout(timeoutMillis);
                OutputStream out = socket.getOutputStream();
                out.write(request);
                out.flush();
                Answer a = read(request);
                reused++;
                if (fresh || a.status() < 0 || "close".equalsIgnoreCase(String.valueOf(a.header("connection")))) {
                    close();
                }
                return a;
            } catch (SocketTimeoutException e) {
                close();
                return new Answer(TIMEOUT, Map.of(), new byte[0]);
            } catch (IOException e) {
                close();
                // a keep-alive connection the server closed while idle: once more on a new one
                if (wasReused && attempt == 0 && !(e instanceof NoAnswer na && na.partial)) {
                    continue;
                }
                return new Answer(CLOSED, Map.of(), new byte[0]);
            }
        }
    }

    private void open(int timeoutMillis) throws IOException {
        socket = (SSLSocket) tls.getSocketFactory().createSocket(TestServer.HOST, TestServer.PORT);
        socket.setSoTimeout(timeoutMillis);
        socket.setTcpNoDelay(true);
        socket.startHandshake();
        in = new BufferedInputStream(socket.getInputStream(), 16384);
    }

    /** No response at all (partial: some bytes of one arrived). */
    private static final class NoAnswer extends IOException {
        private static final long serialVersionUID = 1L;
        final boolean partial;

        NoAnswer(boolean partial) {
            super("connection closed before a complete response");
            this.partial = partial;
        }
    }

    private Answer read(byte[] request) throws IOException {
        String statusLine = line(true);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String l = line(false); !l.isEmpty(); l = line(false)) {
            int colon = l.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(l.substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(l.substring(colon + 1).strip());
            }
        }
        String[] parts = statusLine.split(" ", 3);
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (RuntimeException e) {
            throw new NoAnswer(true);
        }
        boolean head = request.length >= 5 && new String(request, 0, 5, StandardCharsets.US_ASCII).equals("HEAD ");
        byte[] body;
        List<String> length = headers.get("content-length");
        List<String> te = headers.get("transfer-encoding");
        if (head || status == 204 || status == 304 || (status >= 100 && status < 200)) {
            body = new byte[0];
        } else if (te != null && te.get(0).toLowerCase(Locale.ROOT).contains("chunked")) {
            body = chunked();
        } else if (length != null) {
            long n = Long.parseLong(length.get(0).strip());
            body = in.readNBytes((int) Math.min(n, MAX_BODY));
            if (body.length < n) {
                throw new NoAnswer(true);
            }
        } else {
            body = in.readNBytes(MAX_BODY);
            close();
        }
        return new Answer(status, headers, body);
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int size = chunkSize(); size > 0; size = chunkSize()) {
            out.write(in.readNBytes(size));
            line(false);
            if (out.size() > MAX_BODY) {
                throw new NoAnswer(true);
            }
        }
        for (String l = line(false); !l.isEmpty(); l = line(false)) {
            // trailers
        }
        return out.toByteArray();
    }

    private int chunkSize() throws IOException {
        String l = line(false);
        int semi = l.indexOf(';');
        return Integer.parseInt((semi < 0 ? l : l.substring(0, semi)).strip(), 16);
    }

    private String line(boolean first) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                b.write(c);
            }
            if (b.size() > 65536) {
                throw new NoAnswer(true);
            }
        }
        if (c == -1) {
            throw new NoAnswer(!first || b.size() > 0);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // already gone
            }
        }
        socket = null;
        in = null;
    }
}
