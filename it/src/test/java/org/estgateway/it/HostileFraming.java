// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.estgateway.it.HostileRequest.concat;
import static org.estgateway.it.HostileRequest.http;
import static org.estgateway.it.HostileRequest.latin1;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * HTTP/1.1 framing and envelope tricks, without credentials: Content-Length and chunked oddities, bad
 * Content-Type, huge and many headers, cookies, bad paths and request lines. Requests that leave the
 * connection in an unknown state get a connection of their own and a short timeout.
 */
final class HostileFraming {
    private static final String HOSTPORT = TestServer.HOST + ":" + TestServer.PORT;
    private static final String[] KINDS = {"cl-duplicate", "cl-invalid", "cl-short", "cl-long", "chunked-valid",
        "chunked-bad-size", "chunked-huge-size", "chunked-extension", "te-and-cl", "te-variant", "te-unterminated",
        "ctype-bad", "header-huge", "headers-many", "cookies", "path-bad", "path-dotdot", "path-nul", "uri-overlong",
        "request-line", "method", "version", "host", "header-syntax", "expect", "line-endings"};
    private static final String[] BAD_PATHS = {"/.well-known/est/", "/.well-known/est", "/.well-known/est//cacerts",
        "/.well-known/est/nosuch/../cacerts", "/.well-known/est/;jsessionid=x/cacerts", "/.well-known/est/cacerts;x=y",
        "/.well-known/est/%", "/.well-known/est/%zz", "/.well-known/est/%c0%af", "/.well-known/est/%ff%fe",
        "/.well-known/est/\u00e9", "/.well-known/est/a b", "/.well-known/est/cacerts?%00=%00",
        "/.well-known/est/fullcmc", "/.well-known/est/x/fullcmc", "/.well-known/est/" + "a/".repeat(300) + "cacerts",
        "/.well-known/est/(ca2|ca3)/simpleenroll", "/.well-known/est/ca2/ca3/simpleenroll", "/api/v1/", "/api/v1/%00",
        "/api/v2/devices", "/crl/../api/v1/devices", "/WEB-INF/web.xml", "/META-INF/MANIFEST.MF", "/index.html",
        "/favicon.ico", "/management", "/console", "/error", "/.well-known/est/\\..\\..\\windows", "*",
        "https://evil.example/.well-known/est/cacerts", "//evil.example/.well-known/est/cacerts", "/.well-known/est/cacerts#x"};
    private static final String[] DOTDOT = {"/.well-known/est/../../etc/passwd", "/.well-known/est/%2e%2e/%2e%2e/etc/passwd",
        "/.well-known/est/..%2f..%2fetc/passwd", "/.well-known/est/..;/..;/WEB-INF/web.xml", "/../../../etc/passwd",
        "/.well-known/est/%252e%252e/cacerts", "/.well-known/est/....//....//cacerts", "/.well-known/est/.%2e/api/v1/devices"};
    private static final String[] NUL = {"/.well-known/est/simpleenroll%00", "/.well-known/est/%00/cacerts",
        "/.well-known/est/cacerts%00.html", "/api/v1/devices%00", "/.well-known/est/%00", "/api/v1/certificates/%00/revoke"};

    private final byte[] csrB64;

    HostileFraming(byte[] csrB64) {
        this.csrB64 = csrB64;
    }

    HostileRequest next(int i, Random r) {
        String kind = KINDS[i % KINDS.length];
        if ((kind.equals("cl-long") || kind.equals("te-unterminated") || kind.equals("chunked-huge-size"))
                && (i / KINDS.length) % 8 != 0) {
            kind = "ctype-bad"; // these may make the server wait for bytes that never come: a few are enough
        }
        String enroll = "POST /.well-known/est/simpleenroll HTTP/1.1\r\nHost: " + HOSTPORT + "\r\n";
        String ctype = "Content-Type: application/pkcs10\r\n";
        byte[] body = csrB64;
        int n = body.length;
        HostileRequest req = switch (kind) {
            case "cl-duplicate" -> fresh(kind, latin1(enroll + ctype + "Content-Length: " + n + "\r\nContent-Length: "
                    + (r.nextBoolean() ? n : n - 1 - r.nextInt(50)) + "\r\n\r\n"), body);
            case "cl-invalid" -> fresh(kind, latin1(enroll + ctype + "Content-Length: " + new String[] {"-1", "abc", "1e3",
                "+" + n, " " + n + " ", "99999999999999999999", "0x10", n + ", " + n, "", "\0"}[r.nextInt(10)] + "\r\n\r\n"), body);
            case "cl-short" -> fresh(kind, latin1(enroll + ctype + "Content-Length: " + r.nextInt(n) + "\r\n\r\n"), body);
            case "cl-long" -> fresh(kind, latin1(enroll + ctype + "Content-Length: " + (n + 1 + r.nextInt(100)) + "\r\n\r\n"),
                    body).alone(1500);
            case "chunked-valid" -> fresh(kind, latin1(enroll + ctype + "Transfer-Encoding: chunked\r\n\r\n"),
                    concat(chunk(body, 0, n / 2), chunk(body, n / 2, n), latin1("0\r\n\r\n")));
            case "chunked-bad-size" -> fresh(kind, latin1(enroll + ctype + "Transfer-Encoding: chunked\r\n\r\n"
                    + new String[] {"zz", "-5", "", " ", "0x10", "1;", "\0"}[r.nextInt(7)] + "\r\nAAAA\r\n0\r\n\r\n"), null);
            case "chunked-huge-size" -> fresh(kind, latin1(enroll + ctype + "Transfer-Encoding: chunked\r\n\r\n"
                    + new String[] {"ffffffffffffffff", "7fffffff", "80000000", "1" + "0".repeat(40)}[r.nextInt(4)]
                    + "\r\nAAAA\r\n0\r\n\r\n"), null).alone(1500);
            case "chunked-extension" -> fresh(kind, latin1(enroll + ctype + "Transfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(n) + ";" + "ext=".repeat(1 + r.nextInt(2000)) + "\r\n"), concat(body, latin1("\r\n0\r\n\r\n")));
            case "te-and-cl" -> fresh(kind, latin1(enroll + ctype + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"),
                    concat(chunk(body, 0, n), latin1("0\r\n\r\n")));
            case "te-variant" -> fresh(kind, latin1(enroll + ctype + "Transfer-Encoding: " + new String[] {"chunked, identity",
                "xchunked", "CHUNKED", "gzip, chunked", "chunked\r\nTransfer-Encoding: identity", "identity", "chunked\r\n x"}[r.nextInt(7)]
                    + "\r\nContent-Length: " + n + "\r\n\r\n"), body).alone(3000);
            case "te-unterminated" -> fresh(kind, latin1(enroll + ctype + "Transfer-Encoding: chunked\r\n\r\n"),
                    chunk(body, 0, n)).alone(1500);
            case "ctype-bad" -> keep(kind, http("POST", "/.well-known/est/simpleenroll", ctypeBad(r), body));
            case "header-huge" -> {
                int size = new int[] {8 * 1024, 16 * 1024, 64 * 1024, 1024 * 1024}[r.nextInt(4)];
                yield fresh(kind + "-" + size, latin1("GET /.well-known/est/cacerts HTTP/1.1\r\nHost: " + HOSTPORT
                        + "\r\nX-Big: " + "b".repeat(size) + "\r\n\r\n"), null).alone(10_000);
            }
            case "headers-many" -> {
                StringBuilder h = new StringBuilder();
                for (int k = 0, count = new int[] {100, 201, 1000, 5000}[r.nextInt(4)]; k < count; k++) {
                    h.append("X-H").append(k).append(": v\r\n");
                }
                yield fresh(kind, latin1("GET /.well-known/est/cacerts HTTP/1.1\r\nHost: " + HOSTPORT + "\r\n" + h + "\r\n"), null);
            }
            case "cookies" -> {
                int count = 201 + r.nextInt(800);
                List<String> headers = new ArrayList<>();
                StringBuilder one = new StringBuilder("Cookie: ");
                for (int k = 0; k < count; k++) {
                    one.append("c").append(k).append("=").append(k).append("; ");
                }
                headers.add(r.nextBoolean() ? one.toString() : "Cookie: JSESSIONID=" + "\0x".repeat(50));
                for (int k = 0; r.nextBoolean() && k < count; k++) {
                    headers.add("Cookie: d" + k + "=" + k);
                }
                yield fresh(kind, http("GET", "/.well-known/est/cacerts", headers, null), null);
            }
            case "path-bad" -> keep(kind, http(r.nextBoolean() ? "GET" : "POST", BAD_PATHS[r.nextInt(BAD_PATHS.length)],
                    List.of(ctype.strip()), r.nextBoolean() ? body : null));
            case "path-dotdot" -> keep(kind, http("GET", DOTDOT[r.nextInt(DOTDOT.length)], List.of(), null));
            case "path-nul" -> keep(kind, http(r.nextBoolean() ? "GET" : "POST", NUL[r.nextInt(NUL.length)],
                    List.of(ctype.strip()), body));
            case "uri-overlong" -> fresh(kind, latin1("GET /.well-known/est/" + "a".repeat(new int[] {4096, 8192, 65536,
                500_000}[r.nextInt(4)]) + " HTTP/1.1\r\nHost: " + HOSTPORT + "\r\n\r\n"), null).alone(10_000);
            case "request-line" -> fresh(kind, latin1(new String[] {"GET  /.well-known/est/cacerts  HTTP/1.1",
                "GET /.well-known/est/cacerts", "GET", "/.well-known/est/cacerts HTTP/1.1", "GET\t/.well-known/est/cacerts\tHTTP/1.1",
                "GET /.well-known/est/cacerts HTTP/1.1 extra", "\0GET / HTTP/1.1", "\u0016\u0003\u0001"}[r.nextInt(8)]
                    + "\r\nHost: " + HOSTPORT + "\r\n\r\n"), null).alone(3000);
            case "method" -> fresh(kind, http(new String[] {"PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "get",
                "CONNECT", "X".repeat(300), "HEAD"}[r.nextInt(10)], "/.well-known/est/" + (r.nextBoolean() ? "cacerts" : "simpleenroll"),
                    List.of(ctype.strip()), body), null);
            case "version" -> fresh(kind, latin1("GET /.well-known/est/cacerts " + new String[] {"HTTP/1.0", "HTTP/2.0", "HTTP/9.9",
                "HTTP/1.1.1", "http/1.1", "HTTP/01.1", "HTTX/1.1"}[r.nextInt(7)] + "\r\nHost: " + HOSTPORT + "\r\n\r\n"), null)
                    .alone(3000);
            case "host" -> fresh(kind, latin1("GET /.well-known/est/cacerts HTTP/1.1\r\n" + new String[] {"", "Host: a\r\nHost: b\r\n",
                "Host: \0\r\n", "Host: " + "h".repeat(5000) + "\r\n", "Host: evil.example:99999\r\n", "Host: [::1\r\n"}[r.nextInt(6)]
                    + "\r\n"), null);
            case "header-syntax" -> fresh(kind, latin1("GET /.well-known/est/cacerts HTTP/1.1\r\nHost: " + HOSTPORT + "\r\n"
                    + new String[] {"NoColon\r\n", "Bad Name: v\r\n", "X-A : v\r\n", "X-\0: v\r\n", ": empty\r\n", "X-A: v\r\n folded\r\n",
                        "X-A: \u00ff\u00fe\r\n", "X-A: a\rb\r\n"}[r.nextInt(8)] + "\r\n"), null).alone(3000);
            case "expect" -> fresh(kind, latin1(enroll + ctype + "Expect: " + new String[] {"100-continue", "200-ok", "\0"}[r.nextInt(3)]
                    + "\r\nContent-Length: " + n + "\r\n\r\n"), body).alone(5000);
            default -> fresh(kind, latin1(r.nextBoolean()
                    ? "GET /.well-known/est/cacerts HTTP/1.1\nHost: " + HOSTPORT + "\n\n"
                    : "GET /.well-known/est/cacerts HTTP/1.1\rHost: " + HOSTPORT + "\r\r"), null).alone(3000);
        };
        return req;
    }

    private static List<String> ctypeBad(Random r) {
        String[] types = {"application/pkcs10x", "text/html", "multipart/form-data; boundary=", "application/pkcs10;;;",
            "application/" + "x".repeat(8192), "application/pkcs10\0", "", "application/pkcs7-mime", "*/*",
            "application/x-www-form-urlencoded", "application/pkcs10, text/plain", "pkcs10"};
        int t = r.nextInt(types.length + 1);
        List<String> h = new ArrayList<>();
        if (t < types.length) {
            h.add("Content-Type: " + types[t]);
        }
        if (r.nextInt(4) == 0) {
            h.add("Accept: " + new String[] {"text/html", "application/xml", "*/*;q=abc", "\0"}[r.nextInt(4)]);
        }
        return h;
    }

    private static byte[] chunk(byte[] body, int from, int to) {
        return concat(latin1(Integer.toHexString(to - from) + "\r\n"), java.util.Arrays.copyOfRange(body, from, to), latin1("\r\n"));
    }

    private static HostileRequest fresh(String kind, byte[] head, byte[] body) {
        return new HostileRequest("framing", kind, "own connection", body == null ? head : concat(head, body), true, 10_000);
    }

    private static HostileRequest keep(String kind, byte[] raw) {
        return HostileRequest.of("framing", kind, "keep-alive", raw);
    }
}
