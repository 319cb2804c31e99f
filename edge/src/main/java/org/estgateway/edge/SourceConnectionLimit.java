// SPDX-License-Identifier: Apache-2.0
package org.estgateway.edge;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.AttachmentKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A cap on the connections one source address holds at once (TCP connections, by peer address and port: all streams of one HTTP/2 connection count once). Runs on
 * the I/O thread when a connection's first request head has arrived, before the body is read and before any
 * worker thread or application code is involved; beyond the cap the request gets {@code 503} with
 * {@code Retry-After} and a short text/plain reason, and the connection is closed. A stalled client thus holds
 * at most this many connections; slow request heads are cut by the listener's {@code request-parse-timeout},
 * slow bodies by its {@code read-timeout} (server/configure.cli).
 *
 * <p>The cap comes from {@code EST_MAX_CONNECTIONS_PER_SOURCE} (default {@value #DEFAULT_MAX}); installed as an
 * Undertow custom filter of module {@code org.estgateway.edge}. Connections from {@code EST_TRUSTED_PROXIES} are
 * not counted: behind a proxy every client's connection comes from the proxy's address, so a fleet would hit the
 * cap; the proxy limits connections per real source itself (HAProxy: a stick table with {@code conn_cur}).
 */
public final class SourceConnectionLimit implements HttpHandler {
    static final int DEFAULT_MAX = 64;
    private static final AttachmentKey<InetAddress> COUNTED = AttachmentKey.create(InetAddress.class);

    private final HttpHandler next;
    private volatile SourceCounter<InetAddress> counter;
    private final TrustedProxies proxies;
    /** The TCP connections counted and still open, by peer address and port. */
    private final ConcurrentHashMap<InetSocketAddress, Boolean> open = new ConcurrentHashMap<>();

    public SourceConnectionLimit(HttpHandler next) {
        this.next = next;
        this.counter = new SourceCounter<>(configuredMax(System.getenv("EST_MAX_CONNECTIONS_PER_SOURCE")));
        this.proxies = TrustedProxies.parseOrNone(System.getenv(TrustedProxies.VARIABLE),
                java.util.logging.Logger.getLogger(SourceConnectionLimit.class.getName())::warning);
    }

    /** Custom-filter parameter {@code max}: overrides the environment. */
    public void setMax(int max) {
        this.counter = new SourceCounter<>(max);
    }

    static int configuredMax(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_MAX;
        }
        try {
            int max = Integer.parseInt(value.strip());
            if (max >= 1) {
                return max;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        java.util.logging.Logger.getLogger(SourceConnectionLimit.class.getName()).warning(() ->
                "EST_MAX_CONNECTIONS_PER_SOURCE must be an integer of at least 1; using " + DEFAULT_MAX);
        return DEFAULT_MAX;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        ServerConnection connection = exchange.getConnection();
        if (connection.getAttachment(COUNTED) == null && connection.getPeerAddress() instanceof InetSocketAddress peer
                && !proxies.trusts(peer.getAddress())) {
            // Keyed by the peer's address and port, i.e. the TCP connection: HTTP/2 gives every stream a
            // connection object of its own, and counting those leaked a place per request on a long-lived
            // HTTP/2 connection (the JDK's HttpClient keeps one open) until the source was refused.
            if (open.putIfAbsent(peer, Boolean.TRUE) == null) {
                SourceCounter<InetAddress> current = counter;
                if (!current.open(peer.getAddress())) {
                    open.remove(peer);
                    EdgeResponses.refuse(exchange, 503, "too many connections from this address, retry later", "5");
                    return;
                }
                connection.addCloseListener(closed -> {
                    if (open.remove(peer) != null) {
                        current.close(peer.getAddress());
                    }
                });
            }
            connection.putAttachment(COUNTED, peer.getAddress());
        }
        next.handleRequest(exchange);
    }
}
