// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static String stored;

    @BeforeAll
    static void hashOnce() {
        stored = PasswordHasher.hash(PASSWORD);
    }

    @Test
    void hashedPasswordVerifies() {
        assertTrue(PasswordHasher.verify(PASSWORD, stored));
    }

    @Test
    void wrongPasswordDoesNotVerify() {
        assertFalse(PasswordHasher.verify("correct horse battery stapler", stored));
        assertFalse(PasswordHasher.verify("", stored));
    }

    @Test
    void twoHashesOfTheSamePasswordDifferBySalt() {
        String other = PasswordHasher.hash(PASSWORD);
        assertNotEquals(stored, other);
        assertNotEquals(stored.split("\\$")[2], other.split("\\$")[2], "salts differ");
        assertTrue(PasswordHasher.verify(PASSWORD, other));
    }

    @Test
    void storedFormatNamesAlgorithmAndIterations() {
        assertTrue(stored.startsWith("pbkdf2-sha256$"), stored);
        String[] parts = stored.split("\\$");
        assertEquals(4, parts.length);
        assertEquals(String.valueOf(PasswordHasher.ITERATIONS), parts[1]);
        assertFalse(stored.contains(PASSWORD));
    }

    @Test
    void missingStoredHashNeverVerifies() {
        assertFalse(PasswordHasher.verify(PASSWORD, null));
    }

    @Test
    void foreignHashFormatNeverVerifies() {
        assertFalse(PasswordHasher.verify(PASSWORD, "$2b$12$abcdefghijklmnopqrstuv"));
        assertFalse(PasswordHasher.verify(PASSWORD, stored.replace("pbkdf2-sha256", "pbkdf2-sha1")));
    }
}
