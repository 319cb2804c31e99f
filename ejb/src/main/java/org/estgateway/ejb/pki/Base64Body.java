// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.pki;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.estgateway.ejb.error.MalformedRequest;

/**
 * Decodes EST request bodies and encodes EST response bodies.
 *
 * <p>RFC 7030 §4 / RFC 8951 §3: bodies are base64; Content-Transfer-Encoding is ignored on input. Real
 * clients send every layout: 64-column lines with LF or CRLF, one line with or without a final newline,
 * stray CRLF after the body (libest), PEM armour (hand-made requests), and occasionally raw DER.
 */
public final class Base64Body {
    private Base64Body() {
    }

    /** The DER bytes of a request body in any of the layouts above. */
    public static byte[] decode(byte[] body) {
        if (body == null || body.length == 0) {
            throw new MalformedRequest("empty body");
        }
        if (looksLikeDer(body)) {
            return body.clone();
        }
        String text = new String(body, StandardCharsets.US_ASCII);
        StringBuilder b64 = new StringBuilder(text.length());
        for (String line : text.split("\r\n|\n|\r")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("-----BEGIN ") || trimmed.startsWith("-----END ")) {
                continue; // PEM armour
            }
            for (int i = 0; i < trimmed.length(); i++) {
                char c = trimmed.charAt(i);
                if (c != ' ' && c != '\t') {
                    b64.append(c);
                }
            }
        }
        if (b64.length() == 0) {
            throw new MalformedRequest("empty body");
        }
        try {
            return Base64.getDecoder().decode(b64.toString());
        } catch (IllegalArgumentException e) {
            throw new MalformedRequest("body is not valid base64");
        }
    }

    /** A SEQUENCE tag followed by a long-form length octet cannot be base64 text. */
    private static boolean looksLikeDer(byte[] body) {
        return body.length > 2 && body[0] == 0x30 && (body[1] & 0x80) != 0;
    }

    /**
     * Base64 text in the given layout. {@code WRAPPED}: 64-column lines, each ending in LF (libest needs the
     * line breaks and the final one; LF, not CRLF, because GNU {@code base64 -d} in the usual curl recipe
     * rejects CR). {@code SINGLE_LINE}: no line break at all (strongSwan 5.9 rejects any).
     */
    public static byte[] encode(byte[] der, Layout layout) {
        String text = switch (layout) {
            case WRAPPED -> Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n";
            case SINGLE_LINE -> Base64.getEncoder().encodeToString(der);
        };
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Line layout of a base64 body. */
    public enum Layout {
        WRAPPED, SINGLE_LINE;

        /** The layout a request body came in: one line (ignoring a trailing newline) or several. */
        public static Layout of(byte[] body) {
            int end = body.length;
            while (end > 0 && (body[end - 1] == '\n' || body[end - 1] == '\r')) {
                end--;
            }
            for (int i = 0; i < end; i++) {
                if (body[i] == '\n' || body[i] == '\r') {
                    return WRAPPED;
                }
            }
            return SINGLE_LINE;
        }
    }
}
