// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * One HTTP Basic password check of a device or an API account. Every refusal, whatever its cause (unknown
 * name, disabled, locked, wrong password), costs exactly one full PBKDF2 derivation, so that neither the time
 * of the answer nor its content tells an attacker whether the name exists or is locked. Only an accepted
 * password may be served from {@link VerifiedPasswords}.
 */
public final class PasswordCheck {
    /** Callers answer every outcome but {@link #ACCEPTED} with the same refusal; the cause is only audited. */
    public enum Outcome { ACCEPTED, WRONG_PASSWORD, LOCKED, UNKNOWN }

    /** What is on record for the claimed name. A null password hash never matches. */
    public record Stored(String passwordHash, boolean enabled, Instant lockedUntil) {
        boolean lockedAt(Instant now) {
            return lockedUntil != null && lockedUntil.isAfter(now);
        }
    }

    private PasswordCheck() {
    }

    public static Outcome check(Optional<Stored> stored, String password, Instant now) {
        if (stored.isEmpty() || !stored.get().enabled() || stored.get().passwordHash() == null) {
            PasswordHasher.verifyNothing(password);
            return Outcome.UNKNOWN;
        }
        Stored s = stored.get();
        if (s.lockedAt(now)) {
            // The result is thrown away, but the derivation runs in full (never from the cache): a locked name
            // must cost what a wrong password costs.
            PasswordHasher.verify(password, s.passwordHash());
            return Outcome.LOCKED;
        }
        return VerifiedPasswords.verify(password, s.passwordHash()) ? Outcome.ACCEPTED : Outcome.WRONG_PASSWORD;
    }
}
