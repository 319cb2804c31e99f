// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One hostile request: its class (for the summary table), the kind of abuse and a short description (for
 * failure reports), the exact bytes sent, and whether it needs a connection of its own (framing that leaves
 * the connection in an unknown state).
 */
record HostileRequest(String cls, String kind, String summary, byte[] raw, boolean fresh, int timeoutMillis) {
    static final int TIMEOUT = 30_000;

    static HostileRequest of(String cls, String kind, String summary, byte[] raw) {
        return new HostileRequest(cls, kind, summary, raw, false, TIMEOUT);
    }

    HostileRequest alone(int timeoutMillis) {
        return new HostileRequest(cls, kind, summary, raw, true, timeoutMillis);
    }

    /** A well-framed HTTP/1.1 request: Host and (with a body) Content-Length added, headers as given. */
    static byte[] http(String method, String target, List<String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(TestServer.HOST).append(':').append(TestServer.PORT).append("\r\n");
        for (String h : headers) {
            head.append(h).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        return concat(head.toString().getBytes(StandardCharsets.ISO_8859_1), body == null ? new byte[0] : body);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The request target without its query, printable, at most 40 characters. */
    String target() {
        String s = new String(raw, 0, Math.min(raw.length, 200), StandardCharsets.ISO_8859_1);
        String[] parts = s.split("[ \r\n]", 3);
        String t = parts.length > 1 ? parts[1] : "";
        int q = t.indexOf('?');
        t = (q < 0 ? t : t.substring(0, q)).replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 40 ? t.substring(0, 40) + "..." : t;
    }

    /** The request line and a hint of the rest, printable. */
    String describe() {
        String s = new String(raw, 0, Math.min(raw.length, 120), StandardCharsets.ISO_8859_1);
        int eol = s.indexOf('\n');
        String line = (eol < 0 ? s : s.substring(0, eol)).strip().replaceAll("[^\\x20-\\x7e]", "?");
        return kind + " [" + summary + "] " + line + " (" + raw.length + " bytes)";
    }
}
