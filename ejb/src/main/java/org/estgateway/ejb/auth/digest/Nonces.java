// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.auth.digest;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.estgateway.ejb.pki.Crypto;

/**
 * Stateless Digest nonces: {@code base64url(issued-at seconds ‖ 12 random bytes ‖ HMAC-SHA256(key, both)[0..16])}.
 * Any node holding the shared key can check one; they expire after {@link #LIFETIME}. Replays of a
 * (nonce, nc) pair are caught separately, in the database.
 */
public final class Nonces {
    public static final Duration LIFETIME = Duration.ofMinutes(5);
    private final byte[] key;

    public Nonces(byte[] key) {
        this.key = key.clone();
    }

    public String issue(Instant now) {
        byte[] body = ByteBuffer.allocate(20).putLong(now.getEpochSecond()).put(random(12)).array();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(ByteBuffer.allocate(36).put(body).put(mac(body)).array());
    }

    /** Whether the nonce is one of ours and still fresh. */
    public boolean valid(String nonce, Instant now) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (raw.length != 36) {
            return false;
        }
        byte[] body = Arrays.copyOf(raw, 20);
        if (!MessageDigest.isEqual(mac(body), Arrays.copyOfRange(raw, 20, 36))) {
            return false;
        }
        Instant issued = Instant.ofEpochSecond(ByteBuffer.wrap(body).getLong());
        return !issued.isAfter(now.plusSeconds(5)) && issued.plus(LIFETIME).isAfter(now);
    }

    private byte[] mac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(body), 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        Crypto.RANDOM.nextBytes(b);
        return b;
    }
}
