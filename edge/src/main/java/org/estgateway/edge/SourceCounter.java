// SPDX-License-Identifier: Apache-2.0
package org.estgateway.edge;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Open connections per source address, bounded: {@link #open} refuses the connection that would take one
 * source past the cap. Entries disappear when a source's last connection closes, so the map holds only the
 * sources connected right now.
 */
public final class SourceCounter<K> {
    private final ConcurrentHashMap<K, Integer> open = new ConcurrentHashMap<>();
    private final int max;

    public SourceCounter(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("the cap must be at least 1, not " + max);
        }
        this.max = max;
    }

    /** Counts one more connection of this source; false (and nothing counted) when the source is at the cap. */
    public boolean open(K source) {
        boolean[] admitted = {false};
        open.compute(source, (k, n) -> {
            int current = n == null ? 0 : n;
            admitted[0] = current < max;
            return admitted[0] ? current + 1 : n;
        });
        return admitted[0];
    }

    /** One connection admitted by {@link #open} has closed. */
    public void close(K source) {
        open.computeIfPresent(source, (k, n) -> n <= 1 ? null : n - 1);
    }

    public int openOf(K source) {
        return open.getOrDefault(source, 0);
    }

    public int sources() {
        return open.size();
    }

    public int max() {
        return max;
    }
}
