// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.error;

/** 503: the CA or database is not ready, or the server is busy; with Retry-After when a wait is known. */
public class ServiceUnavailable extends EstException {
    private static final long serialVersionUID = 1L;
    /** Retry-After of a database outage: PostgreSQL restarts in seconds; clients (libest, Bouncy Castle) wait this long. */
    public static final int DATABASE_RETRY_AFTER_SECONDS = 5;
    private final int retryAfterSeconds;
    private final boolean databaseDown;

    public ServiceUnavailable(String reason) {
        this(reason, 0, false);
    }

    private ServiceUnavailable(String reason, int retryAfterSeconds, boolean databaseDown) {
        super(reason);
        this.retryAfterSeconds = retryAfterSeconds;
        this.databaseDown = databaseDown;
    }

    /** Overload shedding: too many enrollments in progress; the client retries after this many seconds. */
    public static ServiceUnavailable busy(int retryAfterSeconds) {
        return new ServiceUnavailable("server busy: too many enrollments in progress, retry later",
                Math.max(1, retryAfterSeconds), false);
    }

    /** The database cannot be reached (DatabaseFailures): nothing was stored, the client retries later. */
    public static ServiceUnavailable databaseDown() {
        return new ServiceUnavailable("database unavailable, retry later", DATABASE_RETRY_AFTER_SECONDS, true);
    }

    @Override
    public int status() {
        return 503;
    }

    /** Whether this is overload shedding ({@link #busy}). */
    public boolean overload() {
        return retryAfterSeconds > 0 && !databaseDown;
    }

    /** Whether this is a database outage ({@link #databaseDown}): no audit event can be written for it. */
    public boolean isDatabaseDown() {
        return databaseDown;
    }

    /** Seconds for the Retry-After header; 0 when none applies. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
