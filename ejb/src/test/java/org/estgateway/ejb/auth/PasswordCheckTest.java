// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Refusals of unknown, disabled and locked names must do the work of a wrong password: exactly one full PBKDF2
 * derivation each (counted per thread by {@link PasswordHasher#DERIVATIONS}), never a cached shortcut.
 */
class PasswordCheckTest {
    static final String RIGHT = "right-Secret-1";
    static final String HASH = PasswordHasher.hash(RIGHT);
    static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    static long derivations(Runnable r) {
        long before = PasswordHasher.DERIVATIONS.get()[0];
        r.run();
        return PasswordHasher.DERIVATIONS.get()[0] - before;
    }

    private PasswordCheck.Outcome outcome;

    long check(Optional<PasswordCheck.Stored> stored, String password) {
        return derivations(() -> outcome = PasswordCheck.check(stored, password, NOW));
    }

    static Optional<PasswordCheck.Stored> device(boolean enabled, Instant lockedUntil) {
        return Optional.of(new PasswordCheck.Stored(HASH, enabled, lockedUntil));
    }

    @Test
    void wrongPasswordCostsOneDerivation() {
        assertEquals(1, check(device(true, null), "wrong-Secret-1"));
        assertEquals(PasswordCheck.Outcome.WRONG_PASSWORD, outcome);
    }

    @Test
    void unknownNameCostsOneDerivationLikeAWrongPassword() {
        assertEquals(1, check(Optional.empty(), "wrong-Secret-1"));
        assertEquals(PasswordCheck.Outcome.UNKNOWN, outcome);
    }

    @Test
    void disabledOrPasswordlessNameCostsOneDerivation() {
        assertEquals(1, check(device(false, null), RIGHT));
        assertEquals(PasswordCheck.Outcome.UNKNOWN, outcome);
        assertEquals(1, check(Optional.of(new PasswordCheck.Stored(null, true, null)), RIGHT));
        assertEquals(PasswordCheck.Outcome.UNKNOWN, outcome);
    }

    @Test
    void lockedNameCostsOneDerivationEvenWithTheRightRecentlyVerifiedPassword() {
        assertEquals(PasswordCheck.Outcome.ACCEPTED, PasswordCheck.check(device(true, null), RIGHT, NOW));
        assertEquals(0, check(device(true, null), RIGHT), "an accepted password may come from the cache");
        assertEquals(PasswordCheck.Outcome.ACCEPTED, outcome);

        Instant until = NOW.plus(Duration.ofMinutes(1));
        assertEquals(1, check(device(true, until), RIGHT), "locked: full derivation, not the cache");
        assertEquals(PasswordCheck.Outcome.LOCKED, outcome);
        assertEquals(1, check(device(true, until), "wrong-Secret-1"));
        assertEquals(PasswordCheck.Outcome.LOCKED, outcome);
    }

    @Test
    void anExpiredLockNoLongerRefuses() {
        check(device(true, NOW), RIGHT);
        assertEquals(PasswordCheck.Outcome.ACCEPTED, outcome);
    }

    @Test
    void aDamagedStoredHashCostsOneDerivationAndNeverMatches() {
        assertEquals(1, check(Optional.of(new PasswordCheck.Stored("pbkdf2-sha256$x$y", true, null)), RIGHT));
        assertEquals(PasswordCheck.Outcome.WRONG_PASSWORD, outcome);
    }
}
