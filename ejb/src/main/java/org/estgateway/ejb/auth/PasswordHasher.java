// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.estgateway.ejb.pki.Crypto;

/**
 * Slow password hashes: PBKDF2-HMAC-SHA256, 16-byte random salt, stored as
 * {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>} so the cost can be raised later.
 */
public final class PasswordHasher {
    public static final int ITERATIONS = 210_000;
    private static final String PREFIX = "pbkdf2-sha256";
    /** PBKDF2 derivations run by this thread: tests prove that every refusal path pays one (see PasswordCheckTest).
     * Declared before DUMMY, whose initialiser derives. */
    static final ThreadLocal<long[]> DERIVATIONS = ThreadLocal.withInitial(() -> new long[1]);
    /** Verified against when the user is unknown, so that timing does not reveal which user names exist. */
    private static final String DUMMY = hash("not-a-real-password");

    private PasswordHasher() {
    }

    public static String hash(String password) {
        byte[] salt = new byte[16];
        Crypto.RANDOM.nextBytes(salt);
        return format(ITERATIONS, salt, derive(password, salt, ITERATIONS));
    }

    public static boolean verify(String password, String stored) {
        if (stored == null) {
            verify(password, DUMMY);
            return false;
        }
        String[] parts = stored.split("\\$");
        if (parts.length == 4 && PREFIX.equals(parts[0])) {
            try {
                int iterations = Integer.parseInt(parts[1]);
                byte[] salt = Base64.getDecoder().decode(parts[2]);
                byte[] expected = Base64.getDecoder().decode(parts[3]);
                if (iterations > 0 && salt.length > 0) {
                    return MessageDigest.isEqual(expected, derive(password, salt, iterations));
                }
            } catch (IllegalArgumentException e) {
                // a damaged stored hash never matches; it costs what a real one does (below)
            }
        }
        verify(password, DUMMY);
        return false;
    }

    /** Burns the same time as a real verification. */
    public static void verifyNothing(String password) {
        verify(password, DUMMY);
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        DERIVATIONS.get()[0]++;
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 missing from the JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static String format(int iterations, byte[] salt, byte[] hash) {
        return PREFIX + "$" + iterations + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(hash);
    }
}
