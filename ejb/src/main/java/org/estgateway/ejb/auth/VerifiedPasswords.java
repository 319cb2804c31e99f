// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.estgateway.ejb.pki.Crypto;

/**
 * Remembers recent successful password verifications, so that a device sending Basic credentials on every
 * request pays the slow PBKDF2 hash once per {@link #TTL}, not on every enrollment. Keyed by the stored hash
 * (salted, so it changes with every new password) and holding only an HMAC of the password under a random
 * per-process key: nothing here can be used to recover a password. Failures are never remembered.
 */
public final class VerifiedPasswords {
    static final Duration TTL = Duration.ofMinutes(10);
    static final int MAX_ENTRIES = 200_000;
    private static final byte[] KEY = new byte[32];
    private static final ConcurrentHashMap<String, Entry> VERIFIED = new ConcurrentHashMap<>();

    static {
        Crypto.RANDOM.nextBytes(KEY);
    }

    private record Entry(byte[] mac, long expiresAtNanos) {
    }

    private VerifiedPasswords() {
    }

    /** Like {@link PasswordHasher#verify}, served from memory when this password was verified recently. */
    public static boolean verify(String password, String stored) {
        if (stored == null) {
            return PasswordHasher.verify(password, null);
        }
        byte[] mac = mac(stored, password);
        Entry e = VERIFIED.get(stored);
        long now = System.nanoTime();
        if (e != null && e.expiresAtNanos() - now > 0 && MessageDigest.isEqual(e.mac(), mac)) {
            return true;
        }
        boolean ok = PasswordHasher.verify(password, stored);
        if (ok) {
            if (VERIFIED.size() >= MAX_ENTRIES) {
                VERIFIED.clear();
            }
            VERIFIED.put(stored, new Entry(mac, now + TTL.toNanos()));
        }
        return ok;
    }

    private static byte[] mac(String stored, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            mac.update(stored.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
