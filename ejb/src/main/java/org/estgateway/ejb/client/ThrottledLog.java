// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.client;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * At most one log line per interval for a warning strangers can trigger at will (a forged {@code Client-Cert}
 * sent straight to a node): a flood cannot fill the log. The line that is written tells how many were
 * suppressed since the previous one. Thread-safe.
 */
public final class ThrottledLog {
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private long lastWritten;
    private boolean written;
    private long suppressed;

    public ThrottledLog(Duration interval, LongSupplier nanoClock) {
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    public ThrottledLog(Duration interval) {
        this(interval, System::nanoTime);
    }

    /** The line to write now, or empty when one was written less than an interval ago (then it is counted). */
    public Optional<String> offer(Supplier<String> line) {
        long dropped;
        synchronized (this) {
            long now = nanoClock.getAsLong();
            if (written && now - lastWritten < intervalNanos) {
                suppressed++;
                return Optional.empty();
            }
            written = true;
            lastWritten = now;
            dropped = suppressed;
            suppressed = 0;
        }
        return Optional.of(line.get() + (dropped == 0 ? "" : " (" + dropped + " similar warning"
                + (dropped == 1 ? "" : "s") + " suppressed since the last one)"));
    }
}
