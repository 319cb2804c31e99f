// SPDX-License-Identifier: Apache-2.0
package org.estgateway.edge;

import io.undertow.server.DefaultResponseListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.Locale;

/**
 * Refuses, on the I/O thread and before the servlet container, the requests that would otherwise fail inside it
 * with a 500 and WildFly's HTML page (found by the hostile-traffic run): more cookies than Undertow parses
 * ({@value #MAX_COOKIES}, UT000046) or a control character in a cookie (UT000173), both raised by a request
 * listener before any application code runs; and a request target that is not a path ({@code *}, UT000068).
 * Each gets a 400 with a short reason. It also gives every error answer that would leave the server without a
 * body (Undertow's own 404 for {@code /WEB-INF/...}, a 500 from a handler) a short text/plain or problem+json
 * body instead of Undertow's HTML error page.
 */
public final class RequestGuard implements HttpHandler {
    static final int MAX_COOKIES = 200;
    private static final DefaultResponseListener PLAIN_ERRORS = exchange -> {
        if (exchange.isResponseStarted() || exchange.getStatusCode() < 400) {
            return false;
        }
        int status = exchange.getStatusCode();
        EdgeResponses.answer(exchange, status, StatusCodes.getReason(status).toLowerCase(Locale.ROOT), null);
        return true;
    };

    private final HttpHandler next;

    public RequestGuard(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        exchange.addDefaultResponseListener(PLAIN_ERRORS);
        String problem = problem(exchange.getRequestPath(), exchange.getRequestHeaders().get(Headers.COOKIE));
        if (problem != null) {
            EdgeResponses.refuse(exchange, 400, problem, null);
            return;
        }
        next.handleRequest(exchange);
    }

    /** Why this request is refused at the edge, or null. */
    static String problem(String path, Iterable<String> cookieHeaders) {
        if (path == null || !path.startsWith("/")) {
            return "the request target must be a path";
        }
        if (cookieHeaders == null) {
            return null;
        }
        int cookies = 0;
        for (String value : cookieHeaders) {
            cookies++;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == ';' || c == ',') {
                    cookies++; // never fewer than Undertow counts
                } else if (c < 0x20 && c != '\t' || c == 0x7f) {
                    return "malformed cookie";
                }
            }
        }
        return cookies > MAX_COOKIES ? "too many cookies" : null;
    }
}
