// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.error;

/** 503: the CA or database is not ready, or the server is busy; with Retry-After when a wait is known. */
public class ServiceUnavailable extends EstException {
    private static final long serialVersionUID = 1L;
    private final int retryAfterSeconds;

    public ServiceUnavailable(String reason) {
        this(reason, 0);
    }

    private ServiceUnavailable(String reason, int retryAfterSeconds) {
        super(reason);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Overload shedding: too many enrollments in progress; the client retries after this many seconds. */
    public static ServiceUnavailable busy(int retryAfterSeconds) {
        return new ServiceUnavailable("server busy: too many enrollments in progress, retry later",
                Math.max(1, retryAfterSeconds));
    }

    @Override
    public int status() {
        return 503;
    }

    /** Whether this is overload shedding ({@link #busy}). */
    public boolean overload() {
        return retryAfterSeconds > 0;
    }

    /** Seconds for the Retry-After header; 0 when none applies. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
