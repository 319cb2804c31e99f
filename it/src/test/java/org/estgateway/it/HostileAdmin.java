// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.estgateway.it.HostileRequest.concat;
import static org.estgateway.it.HostileRequest.http;
import static org.estgateway.it.HostileRequest.latin1;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Admin API abuse (SPEC §10): NUL in JSON strings and query parameters, deep nesting, a 1 MB number, wrong
 * types, unknown members, huge bodies, wrong methods, missing or bogus auth. With the bootstrap admin's
 * correct password (never a wrong one: the account must not lock) or none. Targets only ids that do not exist
 * and never a real account, so nothing another test relies on changes.
 */
final class HostileAdmin {
    private static final String[] KINDS = {"json-nul", "json-raw-nul", "json-nested", "json-big-number",
        "json-wrong-types", "json-unknown-members", "json-huge-body", "json-syntax", "json-bad-utf8", "query-nul",
        "query-types", "path-ids", "wrong-method", "no-auth", "bogus-auth", "wrong-content-type", "revoke", "factory"};
    private static final String[] POST_TARGETS = {"/api/v1/devices", "/api/v1/trust-anchors", "/api/v1/factory-certificates",
        "/api/v1/certificates/00ff00ff00ff00ff/revoke", "/api/v1/certificates/00ff00ff00ff00ff/roles",
        "/api/v1/approvals/999999999/reject", "/api/v1/devices/999999999/password", "/api/v1/accounts",
        "/api/v1/accounts/no-such-account-hostile"};
    private final String adminAuth;

    HostileAdmin(String adminPassword) {
        this.adminAuth = HostileEst.basic("admin", adminPassword);
    }

    HostileRequest next(int i, Random r) {
        String kind = KINDS[i % KINDS.length];
        if ((kind.equals("json-big-number") || kind.equals("json-huge-body")) && (i / KINDS.length) % 4 != 0) {
            kind = "json-syntax"; // megabyte bodies: a quarter as many keep the run short
        }
        String target = POST_TARGETS[r.nextInt(POST_TARGETS.length)];
        String cn = "hostile-api-" + Integer.toHexString(r.nextInt());
        byte[] raw = switch (kind) {
            case "json-nul" -> json("POST", target, "{\"commonName\":\"" + cn + "\\u0000x\",\"password\":\"pw\\u0000-Secret-1\","
                    + "\"certificate\":\"\\u0000\",\"reason\":\"\\u0000\",\"role\":\"\\u0000\",\"username\":\"\\u0000\"}");
            case "json-raw-nul" -> json("POST", target, "{\"commonName\":\"" + cn + "\0\",\"password\":\"\0\0\0\0-Secret-1\"}");
            case "json-nested" -> {
                int depth = new int[] {100, 1000, 10_000, 100_000}[r.nextInt(4)];
                String open = r.nextBoolean() ? "[" : "{\"a\":";
                String close = open.equals("[") ? "]" : "}";
                yield json("POST", target, "{\"commonName\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}");
            }
            case "json-big-number" -> {
                String number = "9".repeat(1 << 20);
                yield json("POST", target, new String[] {"{\"commonName\":\"" + cn + "\",\"password\":\"p-Secret-1\",\"oneTime\":" + number + "}",
                    number, "{\"commonName\":" + number + "}", "[1e" + number.substring(0, 1000) + "]",
                    "{\"reason\":-" + number + ".5e-99999}"}[r.nextInt(5)]);
            }
            case "json-wrong-types" -> json("POST", target, new String[] {"{\"commonName\":5,\"password\":[]}",
                "{\"commonName\":\"" + cn + "\",\"password\":{\"a\":1}}", "{\"commonName\":\"" + cn + "\",\"password\":\"pw-Secret-1\",\"oneTime\":\"yes\"}",
                "{\"commonName\":null,\"password\":null}", "{\"commonName\":true}", "{\"certificate\":12}", "{\"reason\":[\"keyCompromise\"]}",
                "[]", "\"string\"", "null", "42", "true", "{\"commonName\":\"" + cn + "\",\"password\":\"pw-Secret-1\",\"serialNumber\":1.5,"
                    + "\"ipAddress\":[1,2]}"}[r.nextInt(13)]);
            case "json-unknown-members" -> json("POST", target, "{\"commonName\":\"" + cn + "\",\"password\":\"pw-Secret-" + r.nextInt()
                    + "\",\"__proto__\":{\"admin\":true},\"role\":\"admin\",\"id\":1,\"" + "k".repeat(1000) + "\":1,\"commonName\":\"dup\"}");
            case "json-huge-body" -> {
                int size = new int[] {100_000, 1 << 20, 3 << 20}[r.nextInt(3)];
                yield json("POST", target, "{\"commonName\":\"" + "A".repeat(size) + "\",\"password\":\"pw-Secret-1\"}");
            }
            case "json-syntax" -> json("POST", target, new String[] {"", "{", "}", "{\"commonName\":\"unterminated", "{'a':1}",
                "{\"a\":1,}", "{\"a\":01}", "{\"a\":NaN}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\t\n\"}",
                "\ufeff{}", "{}{}", "{\"a\":1} trailing", "/* c */{}", "{\"a\"::1}"}[r.nextInt(16)]);
            case "json-bad-utf8" -> raw("POST", target, List.of("Content-Type: application/json", adminAuth),
                    concat(latin1("{\"commonName\":\"" + cn), new byte[] {(byte) 0xc3, 0x28, (byte) 0xff, (byte) 0xed, (byte) 0xa0,
                        (byte) 0x80}, latin1("\",\"password\":\"pw-Secret-1\"}")));
            case "query-nul" -> raw("GET", new String[] {"/api/v1/certificates?subject=%00", "/api/v1/certificates?serial=%00%00",
                "/api/v1/certificates?status=%00", "/api/v1/devices?name=%00", "/api/v1/approvals?status=%00",
                "/api/v1/certificates?subject=" + "%00".repeat(1000), "/api/v1/devices?name=%25%5F%5C", "/api/v1/certificates?issuedAfter=%00"}
                    [r.nextInt(8)], List.of(adminAuth), null);
            case "query-types" -> raw("GET", new String[] {"/api/v1/certificates?device=abc", "/api/v1/certificates?device=99999999999999999999",
                "/api/v1/certificates?limit=-1", "/api/v1/certificates?offset=2147483648", "/api/v1/certificates?limit=999999999",
                "/api/v1/certificates?issuedAfter=yesterday", "/api/v1/certificates?issuedBefore=9999-99-99", "/api/v1/devices?enabled=maybe",
                "/api/v1/devices?locked=2", "/api/v1/devices?limit=1e3", "/api/v1/approvals?status=BOGUS", "/api/v1/certificates?status=REVOKED%0d%0a",
                "/api/v1/certificates?subject=%27%20OR%201=1--", "/api/v1/devices?offset=-5"}[r.nextInt(14)], List.of(adminAuth), null);
            case "path-ids" -> raw(r.nextBoolean() ? "GET" : "POST", new String[] {"/api/v1/devices/99999999999999999999",
                "/api/v1/devices/-1", "/api/v1/devices/0", "/api/v1/devices/999999999/disable", "/api/v1/devices/999999999/unlock",
                "/api/v1/approvals/99999999999999999999/approve", "/api/v1/certificates/zz", "/api/v1/certificates/" + "0".repeat(5000),
                "/api/v1/certificates/%00", "/api/v1/accounts/%00", "/api/v1/devices/1%00"}[r.nextInt(11)],
                    List.of(adminAuth, "Content-Type: application/json"), latin1("{}"));
            case "wrong-method" -> raw(new String[] {"PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "GET"}[r.nextInt(6)],
                    new String[] {"/api/v1/devices", "/api/v1/devices/import", "/api/v1/trust-anchors", "/api/v1/certificates",
                        "/api/v1/approvals", "/api/v1/accounts", "/crl", "/api/v1/certificates/00ff/revoke"}[r.nextInt(8)],
                    List.of(adminAuth, "Content-Type: application/json"), latin1("{}"));
            case "no-auth" -> raw(r.nextBoolean() ? "GET" : "POST", target, List.of("Content-Type: application/json"),
                    latin1("{\"commonName\":\"" + cn + "\",\"password\":\"pw-Secret-1\"}"));
            case "bogus-auth" -> raw("POST", target, List.of("Content-Type: application/json", new String[] {"Authorization: Bearer x",
                "Authorization: Basic", "Authorization: Basic !!!", "Authorization: Digest username=\"admin\"",
                "Authorization: Basic " + java.util.Base64.getEncoder().encodeToString(latin1("admin")),
                "Authorization: Basic " + java.util.Base64.getEncoder().encodeToString("\0:\0".getBytes(StandardCharsets.UTF_8))}[r.nextInt(6)]),
                    latin1("{\"commonName\":\"" + cn + "\",\"password\":\"pw-Secret-1\"}"));
            case "wrong-content-type" -> raw("POST", target, List.of(adminAuth, new String[] {"Content-Type: text/plain",
                "Content-Type: application/xml", "Content-Type: application/json; charset=ebcdic", "Content-Type: \0",
                "Content-Type: multipart/form-data; boundary=x", "X-No-Type: 1"}[r.nextInt(6)]),
                    latin1("<device><commonName>" + cn + "</commonName></device>"));
            case "revoke" -> json("POST", "/api/v1/certificates/" + new String[] {"00ff00ff00ff00ff", "-1", "zz", "%20"}[r.nextInt(4)]
                    + "/revoke", "{\"reason\":\"" + new String[] {"keyCompromise\\u0000", "", "removeFromCRL", "x".repeat(10_000),
                        "certificateHold"}[r.nextInt(5)] + "\"}");
            default -> json("POST", r.nextBoolean() ? "/api/v1/factory-certificates" : "/api/v1/trust-anchors",
                    "{\"certificate\":\"" + new String[] {"-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----",
                        "-----BEGIN CERTIFICATE-----\\n" + "QUFB".repeat(20_000) + "\\n-----END CERTIFICATE-----", "MIIB", "\\u0000",
                        "-----BEGIN CERTIFICATE-----\\n-----END CERTIFICATE-----"}[r.nextInt(5)] + "\",\"commonName\":\"" + cn + "\"}");
        };
        return HostileRequest.of("admin-api", kind, target, raw);
    }

    private byte[] json(String method, String target, String body) {
        return raw(method, target, List.of("Content-Type: application/json", adminAuth), body.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] raw(String method, String target, List<String> headers, byte[] body) {
        return http(method, target, new ArrayList<>(headers), body);
    }
}
