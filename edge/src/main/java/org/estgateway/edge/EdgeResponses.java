// SPDX-License-Identifier: Apache-2.0
package org.estgateway.edge;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Refusals written on the I/O thread, in the application's formats: a short text/plain reason, or an RFC 9457
 * problem document under {@code /api/}. The connection is closed after the answer.
 */
final class EdgeResponses {
    private EdgeResponses() {
    }

    static void refuse(HttpServerExchange exchange, int status, String reason, String retryAfter) {
        boolean api = exchange.getRequestPath().startsWith("/api/");
        String body = api
                ? "{\"type\":\"about:blank\",\"title\":\"" + title(status) + "\",\"status\":" + status
                        + ",\"detail\":\"" + reason + "\"}"
                : status + " " + reason + "\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.setStatusCode(status);
        exchange.setPersistent(false);
        if (retryAfter != null) {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, retryAfter);
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE,
                api ? "application/problem+json" : "text/plain; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, bytes.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }
}
