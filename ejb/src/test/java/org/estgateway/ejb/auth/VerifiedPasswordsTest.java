// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VerifiedPasswordsTest {
    @Test
    void rememberedVerificationStaysExact() {
        String stored = PasswordHasher.hash("right-password");
        assertTrue(VerifiedPasswords.verify("right-password", stored));
        assertTrue(VerifiedPasswords.verify("right-password", stored), "remembered");
        assertFalse(VerifiedPasswords.verify("wrong-password", stored), "a remembered hash does not admit another password");
        assertFalse(VerifiedPasswords.verify("right-password", PasswordHasher.hash("new-password")), "a new password is a new key");
        assertFalse(VerifiedPasswords.verify("right-password", null));
    }
}
