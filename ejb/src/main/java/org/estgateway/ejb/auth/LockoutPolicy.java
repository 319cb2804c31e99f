// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Brute-force protection for device and API account passwords: the first {@value #FREE_ATTEMPTS} failures cost nothing;
 * each further failure locks the device for twice as long as the previous one (1 minute, 2, 4, ... at most
 * 24 hours). A success, or an administrator's unlock, resets the count.
 */
public final class LockoutPolicy {
    public static final int FREE_ATTEMPTS = 5;
    static final Duration FIRST_LOCK = Duration.ofMinutes(1);
    static final Duration MAX_LOCK = Duration.ofHours(24);

    private LockoutPolicy() {
    }

    /** How long to lock after this many failed attempts in a row (counting the one just made). */
    public static Optional<Duration> lockFor(int failedAttempts) {
        if (failedAttempts < FREE_ATTEMPTS) {
            return Optional.empty();
        }
        int doublings = Math.min(failedAttempts - FREE_ATTEMPTS, 20);
        Duration lock = FIRST_LOCK.multipliedBy(1L << doublings);
        return Optional.of(lock.compareTo(MAX_LOCK) > 0 ? MAX_LOCK : lock);
    }

    public static Optional<Instant> lockedUntil(int failedAttempts, Instant now) {
        return lockFor(failedAttempts).map(now::plus);
    }
}
