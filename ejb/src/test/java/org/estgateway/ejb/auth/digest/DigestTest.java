// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.auth.digest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DigestTest {
    // RFC 7616 §3.9.1
    static final String USER = "Mufasa";
    static final String PASSWORD = "Circle of Life";
    static final String REALM = "http-auth@example.org";
    static final String NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    static final String CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

    @Test
    void rfc7616ExampleWithMd5() {
        String ha1 = DigestMath.ha1(DigestMath.MD5, USER, REALM, PASSWORD);
        assertEquals("8ca523f5e9506fed4657c9700eebdbec",
                DigestMath.response(DigestMath.MD5, ha1, NONCE, "00000001", CNONCE, "GET", "/dir/index.html"));
    }

    @Test
    void rfc7616ExampleWithSha256() {
        String ha1 = DigestMath.ha1(DigestMath.SHA_256, USER, REALM, PASSWORD);
        assertEquals("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
                DigestMath.response(DigestMath.SHA_256, ha1, NONCE, "00000001", CNONCE, "GET", "/dir/index.html"));
    }

    @Test
    void algorithmNames() {
        assertEquals(Optional.of("MD5"), DigestMath.algorithm(null), "absent means MD5 (RFC 7616 §3.3)");
        assertEquals(Optional.of("SHA-256"), DigestMath.algorithm("sha-256"));
        assertTrue(DigestMath.algorithm("SHA-512-256").isEmpty());
        assertTrue(DigestMath.algorithm("MD5-sess").isEmpty());
    }

    @Test
    void responseComparisonIgnoresHexCase() {
        assertTrue(DigestMath.equal("ABCDEF", "abcdef"));
        assertFalse(DigestMath.equal("abcdef", "abcdee"));
        assertFalse(DigestMath.equal(null, "abcdef"));
    }

    @Test
    void parsesQuotedUnquotedAndBouncyCastleStyleParameters() {
        DigestResponse r = DigestResponse.parse("username=\"dev1\", realm=\"EST Digest\", nonce=\"n,1\", uri=\"/.well-known/est/simpleenroll\","
                + " algorithm=MD5, qop=\"auth\", nc=\"00000001\", cnonce=\"c\", response=\"abc\", opaque=\"o\"");
        assertEquals("dev1", r.username());
        assertEquals("n,1", r.get("nonce"), "commas inside quotes");
        assertEquals("auth", r.get("qop"));
        assertEquals("00000001", r.get("nc"));
        assertEquals("MD5", r.get("algorithm"));
        assertEquals("EST Digest", r.get("realm"));
        assertEquals("Digest[dev1]", r.toString());
    }

    @Test
    void malformedParametersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> DigestResponse.parse("username=\"unterminated"));
        assertThrows(IllegalArgumentException.class, () -> DigestResponse.parse("username=a, username=b"));
    }

    @Test
    void noncesAreCheckedForAuthenticityAndAge() {
        Nonces nonces = new Nonces(new byte[32]);
        Instant now = Instant.parse("2026-11-27T10:00:00Z");
        String nonce = nonces.issue(now);
        assertTrue(nonces.valid(nonce, now));
        assertTrue(nonces.valid(nonce, now.plus(Duration.ofMinutes(4))));
        assertFalse(nonces.valid(nonce, now.plus(Nonces.LIFETIME).plusSeconds(1)), "expired");
        assertFalse(new Nonces(new byte[] {1}).valid(nonce, now), "another key");
        assertFalse(nonces.valid(nonce.substring(0, nonce.length() - 2) + "AA", now), "tampered");
        assertFalse(nonces.valid("not base64 !", now));
        assertFalse(nonces.valid("AAAA", now));
        assertFalse(nonces.issue(now).equals(nonce), "random part");
    }
}
