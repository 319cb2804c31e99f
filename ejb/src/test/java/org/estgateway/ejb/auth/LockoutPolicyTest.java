// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LockoutPolicyTest {
    @Test
    void theFirstFourFailuresCostNothing() {
        for (int i = 1; i < LockoutPolicy.FREE_ATTEMPTS; i++) {
            assertTrue(LockoutPolicy.lockFor(i).isEmpty());
        }
    }

    @Test
    void eachFurtherFailureDoublesTheLockUpToADay() {
        assertEquals(Duration.ofMinutes(1), LockoutPolicy.lockFor(5).orElseThrow());
        assertEquals(Duration.ofMinutes(2), LockoutPolicy.lockFor(6).orElseThrow());
        assertEquals(Duration.ofMinutes(4), LockoutPolicy.lockFor(7).orElseThrow());
        assertEquals(Duration.ofHours(24), LockoutPolicy.lockFor(20).orElseThrow());
        assertEquals(Duration.ofHours(24), LockoutPolicy.lockFor(Integer.MAX_VALUE).orElseThrow());
    }

    @Test
    void lockedUntilCountsFromNow() {
        Instant now = Instant.parse("2026-11-27T10:00:00Z");
        assertEquals(now.plus(Duration.ofMinutes(1)), LockoutPolicy.lockedUntil(5, now).orElseThrow());
    }
}
