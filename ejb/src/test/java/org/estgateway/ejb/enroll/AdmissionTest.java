// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.enroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.estgateway.ejb.config.EnrollmentLimits;
import org.junit.jupiter.api.Test;

class AdmissionTest {

    @Test
    void admitsUpToTheLimitThenRefusesWhenNoSlotFreesUp() {
        Admission a = new Admission(new EnrollmentLimits(2, 4, 0));
        assertTrue(a.enter());
        assertTrue(a.enter());
        assertEquals(2, a.inFlight());
        assertFalse(a.enter(), "a third enrollment is refused at once with no queue time");
        a.leave();
        assertTrue(a.enter(), "a finished enrollment frees its slot");
    }

    @Test
    void aWaitingRequestGetsTheSlotThatFreesUpWithinTheQueueTime() throws Exception {
        Admission a = new Admission(new EnrollmentLimits(1, 4, 5000));
        assertTrue(a.enter());
        CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(a::enter);
        Thread.sleep(100);
        assertFalse(waiting.isDone(), "it waits while the slot is taken");
        a.leave();
        assertTrue(waiting.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aWaitingRequestIsRefusedWhenTheQueueTimeRunsOut() {
        Admission a = new Admission(new EnrollmentLimits(1, 4, 50));
        assertTrue(a.enter());
        assertFalse(a.enter());
        assertEquals(1, a.retryAfterSeconds(), "Retry-After is at least one second");
        assertEquals(5, new Admission(new EnrollmentLimits(1, 4, 4500)).retryAfterSeconds());
    }

    @Test
    void aFullQueueRefusesAtOnceWithoutWaiting() throws Exception {
        Admission a = new Admission(new EnrollmentLimits(1, 1, 10_000));
        assertTrue(a.enter());
        CompletableFuture<Boolean> queued = CompletableFuture.supplyAsync(a::enter);
        Thread.sleep(100);
        long t0 = System.nanoTime();
        assertFalse(a.enter(), "the one queue place is taken");
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "refused without waiting for the queue time");
        a.leave();
        assertTrue(queued.get(5, TimeUnit.SECONDS));
    }

    @Test
    void constructionFromTheLimits() {
        EnrollmentLimits limits = new EnrollmentLimits(3, 6, 2500);
        Admission a = new Admission(limits);
        assertEquals(limits, a.limits());
        assertEquals(3, a.retryAfterSeconds());
        assertThrows(IllegalArgumentException.class, () -> new EnrollmentLimits(0, 1, 10));
    }
}
