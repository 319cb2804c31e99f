// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.database;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Whether PostgreSQL was reachable the last time anyone asked. It logs the transitions only: one WARN when
 * the database goes away, one INFO when it is back (with the outage's length and how many failures were
 * answered with 503 meanwhile), instead of a stack trace per request. Requests always try the database; this
 * state decides nothing, so service resumes with the first connection that works. The audit sealer's tick
 * (every 2 s) reports success, so the INFO line follows a recovery within about 2 seconds.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class DatabaseAvailability {
    private static final Logger LOG = Logger.getLogger(DatabaseAvailability.class.getName());

    private final AtomicReference<Instant> downSince = new AtomicReference<>();
    private final AtomicLong failuresWhileDown = new AtomicLong();

    /** A database outage was seen (a request got 503, a timer tick was skipped). */
    public void unavailable(Throwable cause) {
        failuresWhileDown.incrementAndGet();
        if (downSince.compareAndSet(null, Instant.now())) {
            LOG.warning(() -> "database unavailable: " + DatabaseFailures.summary(cause)
                    + "; EST and the API answer 503 with Retry-After, timers skip their ticks, until it is back");
        }
    }

    /** A database operation succeeded. */
    public void available() {
        Instant since = downSince.get();
        if (since != null && downSince.compareAndSet(since, null)) {
            long failures = failuresWhileDown.getAndSet(0);
            Duration down = Duration.between(since, Instant.now());
            LOG.info(() -> "database available again after " + down.toMillis() / 100 / 10.0 + " s; "
                    + failures + " operations refused with 503 or skipped meanwhile");
        }
    }

    public boolean isAvailable() {
        return downSince.get() == null;
    }
}
