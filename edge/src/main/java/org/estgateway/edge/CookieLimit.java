// SPDX-License-Identifier: Apache-2.0
package org.estgateway.edge;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/**
 * Refuses a request with more cookies than Undertow parses ({@value #MAX}, the listener's {@code max-cookies}) with
 * a 400 and a short reason, before the servlet container sees it. Neither EST nor the API uses cookies, but the
 * container's request listeners parse them, and beyond the limit that failure was a 500 with WildFly's HTML
 * error page and stack trace. Counts every ';' or ',' separated item, so it never counts fewer cookies than
 * Undertow would.
 */
public final class CookieLimit implements HttpHandler {
    static final int MAX = 200;
    private final HttpHandler next;

    public CookieLimit(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (count(exchange.getRequestHeaders().get(Headers.COOKIE)) > MAX) {
            EdgeResponses.refuse(exchange, 400, "too many cookies", null);
            return;
        }
        next.handleRequest(exchange);
    }

    static int count(Iterable<String> headers) {
        if (headers == null) {
            return 0;
        }
        int n = 0;
        for (String value : headers) {
            n++;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == ';' || c == ',') {
                    n++;
                }
            }
        }
        return n;
    }
}
