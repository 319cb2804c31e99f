// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.enroll;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.estgateway.ejb.config.EnrollmentLimits;

/**
 * Overload shedding for enrollments: at most {@code concurrent} enrollments run at once; up to {@code queue}
 * more wait, each at most {@code queueMillis}, for one to finish; any other is refused at once (503 with
 * Retry-After) before any work is done or anything stored. On 2 cores the work is CPU-bound (CSR
 * verification, signing, TLS), so more enrollments in flight only lengthen every one of them and let a flood
 * exhaust the connection pool. The bounded queue also keeps the server's worker threads free: a refused
 * request costs microseconds, so requests never pile up unseen in front of this check.
 *
 * <p>{@link EnrollmentService} takes a slot only after the requester is authenticated and the request body
 * has been read in full, so strangers and slow clients never hold one (docs/SECURITY.md).
 *
 * <p>Settings: {@link EnrollmentLimits}.
 */
public final class Admission {
    private final EnrollmentLimits limits;
    private final Semaphore permits;
    private final AtomicInteger waiting = new AtomicInteger();

    public Admission(EnrollmentLimits limits) {
        this.limits = limits;
        this.permits = new Semaphore(limits.concurrent(), true);
    }

    /**
     * Takes a slot, waiting for one when the queue has room; false when the queue is full or no slot freed up
     * in time (the caller answers 503 and must not call {@link #leave()}).
     */
    public boolean enter() {
        if (permits.tryAcquire()) {
            return true;
        }
        if (waiting.incrementAndGet() > limits.queue()) {
            waiting.decrementAndGet();
            return false;
        }
        try {
            return permits.tryAcquire(limits.queueMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            waiting.decrementAndGet();
        }
    }

    public void leave() {
        permits.release();
    }

    /** Seconds a refused client should wait: the queue time, rounded up, at least one. */
    public int retryAfterSeconds() {
        return (int) Math.max(1, (limits.queueMillis() + 999) / 1000);
    }

    public EnrollmentLimits limits() {
        return limits;
    }

    public int inFlight() {
        return limits.concurrent() - permits.availablePermits();
    }

    /** Enrollments waiting for a slot now (est_admission_queued). */
    public int queued() {
        return waiting.get();
    }
}
