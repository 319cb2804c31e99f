// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.error;

import java.util.Locale;
import java.util.Optional;

/**
 * A status and a short reason for a client. Knows the container's own refusals, which reach the error page as
 * exceptions: Undertow's request limits (UT000046 cookies, UT000047 parameters, UT000020 body size) and a
 * charset no reader knows ({@code Content-Type: application/json; charset=ebcdic}) are the client's fault, so
 * 400/413/415, not 500.
 */
record Refusal(int status, String reason) {

    static Optional<Refusal> of(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            if (message.startsWith("UT000046")) {
                return Optional.of(new Refusal(400, "too many cookies"));
            }
            if (message.startsWith("UT000047")) {
                return Optional.of(new Refusal(400, "too many parameters"));
            }
            if (message.startsWith("UT000020") || t.getClass().getSimpleName().equals("RequestTooBigException")) {
                return Optional.of(new Refusal(413, "request body too large"));
            }
            if (t instanceof java.io.UnsupportedEncodingException || t instanceof java.nio.charset.UnsupportedCharsetException
                    || t instanceof java.nio.charset.IllegalCharsetNameException) {
                return Optional.of(new Refusal(415, "unsupported charset"));
            }
        }
        return Optional.empty();
    }

    static Refusal ofStatus(int status) {
        String reason = switch (status) {
            case 400 -> "bad request";
            case 401 -> "authentication required";
            case 403 -> "forbidden";
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 406 -> "not acceptable";
            case 408 -> "request timeout";
            case 413 -> "request body too large";
            case 414 -> "request URI too long";
            case 415 -> "unsupported media type";
            case 431 -> "request header fields too large";
            case 503 -> "service unavailable, retry later";
            default -> status >= 500 ? "internal server error" : "request refused";
        };
        return new Refusal(status < 400 || status > 599 ? 500 : status, reason.toLowerCase(Locale.ROOT));
    }
}
