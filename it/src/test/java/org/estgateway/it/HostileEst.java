// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.estgateway.it.HostileRequest.concat;
import static org.estgateway.it.HostileRequest.http;
import static org.estgateway.it.HostileRequest.latin1;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Hostile EST requests: random bodies, mutated CSRs, base64 tricks (all with the real device's correct
 * password, so they reach the body checks), and malformed credentials (unknown devices mostly; the real
 * device's password is got wrong only {@link #WRONG_PASSWORDS} times, far below the lockout).
 */
final class HostileEst {
    static final int WRONG_PASSWORDS = 3;
    static final String EST = "/.well-known/est/";
    private static final String[] ENROLL_PATHS = {"simpleenroll", "simpleenroll", "simpleenroll", "simplereenroll",
        "serverkeygen", "p384/simpleenroll", "ca2/simpleenroll", "strict/simpleenroll", "chpw/simpleenroll"};
    private final String device;
    private final String password;
    private final HostileCsrs csrs;
    private final String brokenB64;
    private final byte[] unknownCsrB64;

    HostileEst(String device, String password, HostileCsrs csrs, byte[] unknownDeviceCsr) {
        this.device = device;
        this.password = password;
        this.csrs = csrs;
        this.brokenB64 = Base64.getEncoder().encodeToString(Csrs.withBrokenSignature(csrs.valid()));
        this.unknownCsrB64 = latin1(Csrs.base64Wrapped(unknownDeviceCsr));
    }

    static String basic(String user, String password) {
        return "Authorization: Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    private byte[] enroll(String path, List<String> extra, byte[] body) {
        List<String> h = new ArrayList<>(List.of("Content-Type: application/pkcs10", basic(device, password)));
        h.addAll(extra);
        return http("POST", EST + path, h, body);
    }

    HostileRequest randomBody(int i, Random r) {
        String path = ENROLL_PATHS[r.nextInt(ENROLL_PATHS.length)];
        byte[] random = new byte[r.nextInt(4096)];
        r.nextBytes(random);
        int kind = i % 8;
        byte[] body = switch (kind) {
            case 0, 1 -> random;
            case 2 -> latin1(Base64.getMimeEncoder().encodeToString(random));
            case 3 -> latin1(Base64.getEncoder().encodeToString(concat(new byte[] {0x30, (byte) 0x82, (byte) r.nextInt(256),
                (byte) r.nextInt(256)}, random)));
            case 4 -> concat(new byte[] {0x30, (byte) (0x80 | (1 + r.nextInt(4)))}, random);
            case 5 -> r.nextInt(20) == 0 ? new byte[64 * 1024 + 1 + r.nextInt(200_000)] : new byte[0];
            case 6 -> latin1(new String(random, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", "A"));
            default -> latin1("-----BEGIN CERTIFICATE REQUEST-----\n" + Base64.getMimeEncoder().encodeToString(random)
                    + "\n-----END CERTIFICATE REQUEST-----\n");
        };
        String[] kinds = {"bytes", "bytes", "base64-random", "base64-der-prefix", "der-prefix", "empty-or-oversize",
            "printable", "pem-random"};
        return HostileRequest.of("random-body", kinds[kind], path + " " + body.length + "B", enroll(path, List.of(), body));
    }

    HostileRequest csrMutation(int i, Random r) {
        String path = r.nextInt(10) < 8 ? "simpleenroll" : ENROLL_PATHS[r.nextInt(ENROLL_PATHS.length)];
        StringBuilder what = new StringBuilder();
        String kind;
        byte[] der;
        if (i % 2 == 0) {
            der = csrs.byteMutation(r, what);
            kind = "bytes";
        } else {
            kind = HostileCsrs.STRUCTURAL[(i / 2) % HostileCsrs.STRUCTURAL.length];
            der = csrs.structural(kind, r);
        }
        if (path.equals("serverkeygen") && !HostileCsrs.REFUSED_BY_SERVERKEYGEN.contains(kind)) {
            path = "simpleenroll"; // serverkeygen replaces the request's key: key and signature defects do not concern it
        }
        if (path.equals("chpw/simpleenroll") && kind.startsWith("challenge-password")) {
            path = "simpleenroll"; // that handler allows challengePassword by configuration
        }
        boolean raw = r.nextInt(10) == 0;
        byte[] body = raw ? der : latin1(Csrs.base64Wrapped(der));
        return HostileRequest.of("csr-mutation", kind, path + (raw ? " raw DER " : " ") + what.toString().strip(),
                enroll(path, List.of(), body));
    }

    /** Base64 layouts of a CSR whose signature is broken: however the body decodes, the answer is a 4xx. */
    HostileRequest base64(int i, Random r) {
        String b = brokenB64;
        int at = r.nextInt(b.length());
        String[] kinds = {"pad-mid", "pad-extra", "pad-missing", "nul", "non-ascii", "ff-bytes", "spaces", "cr-only",
            "armour-begin-only", "armour-end-only", "armour-wrong-label", "armour-mid", "armour-headers", "url-alphabet",
            "bom", "twice", "base64-of-base64", "one-char-lines", "garbage-after-pad", "cte-header", "ctype-variant",
            "vertical-tab", "backslash-n"};
        String kind = kinds[i % kinds.length];
        List<String> extra = new ArrayList<>();
        byte[] body = switch (kind) {
            case "pad-mid" -> latin1(b.substring(0, at) + "=".repeat(1 + r.nextInt(3)) + b.substring(at));
            case "pad-extra" -> latin1(b + "=".repeat(1 + r.nextInt(5)));
            case "pad-missing" -> latin1(b.replace("=", ""));
            case "nul" -> latin1(b.substring(0, at) + "\0" + b.substring(at));
            case "non-ascii" -> concat(latin1(b.substring(0, at)), "é€\uFEFF".getBytes(StandardCharsets.UTF_8),
                    latin1(b.substring(at)));
            case "ff-bytes" -> concat(latin1(b.substring(0, at)), new byte[] {(byte) 0xff, (byte) 0x80}, latin1(b.substring(at)));
            case "spaces" -> latin1(b.replaceAll("(.{" + (1 + r.nextInt(10)) + "})", "$1 \t "));
            case "cr-only" -> latin1(b.replaceAll("(.{64})", "$1\r"));
            case "armour-begin-only" -> latin1("-----BEGIN CERTIFICATE REQUEST-----\n" + b);
            case "armour-end-only" -> latin1(b + "\n-----END CERTIFICATE REQUEST-----");
            case "armour-wrong-label" -> latin1("-----BEGIN PRIVATE KEY-----\n" + b + "\n-----END X-----\n");
            case "armour-mid" -> latin1(b.substring(0, at) + "\n-----BEGIN CERTIFICATE REQUEST-----\n" + b.substring(at));
            case "armour-headers" -> latin1("-----BEGIN CERTIFICATE REQUEST-----\nProc-Type: 4,ENCRYPTED\n\n" + b
                    + "\n-----END CERTIFICATE REQUEST-----\n");
            case "url-alphabet" -> latin1(b.replace('+', '-').replace('/', '_'));
            case "bom" -> concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, latin1(b));
            case "twice" -> latin1(b + "\n" + b);
            case "base64-of-base64" -> latin1(Base64.getEncoder().encodeToString(latin1(b)));
            case "one-char-lines" -> latin1(b.replaceAll("(.)", "$1\n"));
            case "garbage-after-pad" -> latin1(b + "garbage" + r.nextInt());
            case "cte-header" -> {
                extra.add("Content-Transfer-Encoding: " + new String[] {"binary", "gzip", "7bit", "base64, base64", "\0"}[r.nextInt(5)]);
                yield latin1(b);
            }
            case "ctype-variant" -> {
                extra.add("Content-Type: " + new String[] {"APPLICATION/PKCS10", "application/pkcs10; charset=\0",
                    "application/pkcs10;;;;", "application/pkcs10; x=\"unterminated"}[r.nextInt(4)]);
                yield latin1(b);
            }
            case "vertical-tab" -> latin1(b.replaceAll("(.{32})", "$1\u000b\f"));
            default -> latin1(b.replaceAll("(.{64})", "$1\\\\n"));
        };
        return HostileRequest.of("base64", kind, "simpleenroll " + body.length + "B", enroll("simpleenroll", extra, body));
    }

    /** Malformed credentials; PBKDF2 runs for well-formed unknown users, so those are a minority. */
    HostileRequest credentials(int i, Random r) {
        String ghost = "ghost-" + Integer.toHexString(r.nextInt());
        String[] kinds = {"not-base64", "no-colon", "empty-token", "bogus-scheme", "two-headers", "digest-on-basic",
            "digest-garbage", "digest-unknown-user", "digest-fields", "huge-token", "raw-non-latin", "scheme-only",
            "basic-nul-user", "basic-control-user", "basic-non-utf8", "basic-huge-user", "unknown-device"};
        // the last five cost a PBKDF2 each on the server: one request in four
        String kind = i % 4 == 3 ? kinds[12 + (i / 4) % 5] : kinds[(i - i / 4) % 12];
        if (i < WRONG_PASSWORDS) {
            kind = "real-device-wrong-password";
        }
        String path = kind.startsWith("digest") && !kind.equals("digest-on-basic") ? "digest/simpleenroll" : "simpleenroll";
        String auth = switch (kind) {
            case "not-base64" -> "Authorization: Basic " + "!@#$%^&*()".substring(r.nextInt(5)) + r.nextInt();
            case "no-colon" -> "Authorization: Basic " + Base64.getEncoder().encodeToString(latin1(ghost));
            case "empty-token" -> "Authorization: Basic " + new String[] {"", "=", "==", "Og=="}[r.nextInt(4)];
            case "bogus-scheme" -> "Authorization: " + new String[] {"Bearer eyJhbGciOiJub25lIn0.e30.",
                "Negotiate YIIBhgYGKwYBBQUCoIIBejCCAXagMDAuBgkqhkiC9xIBAgIGCSqGSIb3EgECAgYKKwYBBAGCNwICHgYKKwYBBAGCNwICCg==",
                "NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAGAbEdAAAADw==", "AWS4-HMAC-SHA256 Credential=x",
                "Basic\0 Zm9vOmJhcg==", "\tBasic", "Basic Basic Zm9vOmJhcg==", "X".repeat(1000)}[r.nextInt(8)];
            case "two-headers" -> basic(ghost, "pw") + "\r\n" + basic(ghost + "2", "pw2");
            case "digest-on-basic", "digest-garbage" -> "Authorization: Digest " + new String[] {"", "=", "a=\"unterminated",
                "username=\"x\", username=\"y\"", "\"\"\"\"", ",,,,,=,,,,", "username=\\\"", "a=b=c=d"}[r.nextInt(8)];
            case "digest-unknown-user" -> "Authorization: Digest username=\"" + ghost + "\", realm=\"EST Digest\", "
                    + "nonce=\"AAAAAGdJ2w8xN3qzRk9b8sYhVZ0tGQ7o2lX1pA\", uri=\"/.well-known/est/digest/simpleenroll\", "
                    + "response=\"0123456789abcdef0123456789abcdef\", cnonce=\"Y24=\", qop=auth, nc=00000001, algorithm=MD5";
            case "digest-fields" -> "Authorization: Digest username=\"" + new String[] {device + "\0", "\"", "", ghost}[r.nextInt(4)]
                    + "\", realm=\"" + new String[] {"EST Digest", "EST", "\0", "x".repeat(3000)}[r.nextInt(4)]
                    + "\", nonce=\"" + new String[] {"", "%%%", "AAAA", "A".repeat(48)}[r.nextInt(4)]
                    + "\", uri=\"" + new String[] {"/", "/.well-known/est/../../x", "\0", "/.well-known/est/digest/simpleenroll"}[r.nextInt(4)]
                    + "\", response=\"zz\", cnonce=\"\", qop=" + new String[] {"auth", "auth-int", "", "AUTH"}[r.nextInt(4)]
                    + ", nc=" + new String[] {"00000001", "ffffffffffffffffffff", "-1", "zz"}[r.nextInt(4)]
                    + ", algorithm=" + new String[] {"MD5", "SHA-256", "SHA-512-256", "MD5-sess", "\0"}[r.nextInt(5)];
            case "huge-token" -> "Authorization: Basic " + "QUFB".repeat(2000 + r.nextInt(4000));
            case "raw-non-latin" -> "Authorization: Basic " + new String(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28},
                    StandardCharsets.ISO_8859_1);
            case "scheme-only" -> "Authorization: " + new String[] {"Basic", "Digest", "", " "}[r.nextInt(4)];
            case "basic-nul-user" -> basic(ghost + "\0admin", "pw");
            case "basic-control-user" -> basic(ghost + "\r\n\u001b[2J\u0007", "pw\0");
            case "basic-non-utf8" -> "Authorization: Basic " + Base64.getEncoder().encodeToString(concat(latin1(ghost),
                    new byte[] {(byte) 0xc3, 0x28, (byte) 0xff, ':', (byte) 0xa0, (byte) 0xa1}));
            case "basic-huge-user" -> basic(ghost + "u".repeat(4096 + r.nextInt(8192)), "pw");
            case "unknown-device" -> basic(ghost, "some-Password-1");
            default -> basic(device, "wrong-Password-" + i);
        };
        byte[] body = kind.equals("real-device-wrong-password") ? latin1(Csrs.base64Wrapped(csrs.valid())) : unknownCsrB64;
        byte[] raw = http("POST", EST + path, List.of("Content-Type: application/pkcs10", auth), body);
        return HostileRequest.of("credentials", kind, path, raw);
    }
}
