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

    /** A refusal: the answer, then the connection is closed. */
    static void refuse(HttpServerExchange exchange, int status, String reason, String retryAfter) {
        exchange.setPersistent(false);
        answer(exchange, status, reason, retryAfter);
    }

    /** An answer in the application's format; the connection stays as it is. */
    static void answer(HttpServerExchange exchange, int status, String reason, String retryAfter) {
        boolean api = exchange.getRequestPath().startsWith("/api/");
        String body = api
                ? "{\"type\":\"about:blank\",\"title\":\"" + title(status) + "\",\"status\":" + status
                        + ",\"detail\":\"" + reason + "\"}"
                : status + " " + reason + "\n";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.setStatusCode(status);
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
            case 404 -> "Not Found";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }
}
