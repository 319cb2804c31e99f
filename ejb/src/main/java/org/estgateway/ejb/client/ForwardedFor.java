// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.client;

import java.util.List;
import java.util.Optional;
import org.estgateway.edge.TrustedProxies;
import org.estgateway.ejb.error.MalformedRequest;

/**
 * {@code X-Forwarded-For} of a trusted proxy: the client address is the <em>last</em> entry, the one the proxy
 * in front of the gateway appended; the entries before it are whatever the client or earlier hops claimed and
 * are not believed. Field lines are joined with commas (HAProxy adds a line of its own, nginx appends to the
 * last). The entry must be an IP literal; it is returned in canonical form.
 */
public final class ForwardedFor {
    public static final String HEADER = "X-Forwarded-For";

    private ForwardedFor() {
    }

    /** The client address the proxy recorded, or empty without the header. */
    public static Optional<String> lastAddress(List<String> lines) {
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        String last = lines.get(lines.size() - 1);
        String entry = last.substring(last.lastIndexOf(',') + 1).strip();
        return Optional.of(TrustedProxies.literal(entry).map(a -> a.getHostAddress())
                .orElseThrow(() -> new MalformedRequest(HEADER + ": the last entry is not an IP address")));
    }
}
