// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.auth.digest;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The parameters of an {@code Authorization: Digest ...} header (RFC 7616 §3.4). Tolerant of what clients
 * send: values quoted or not (Bouncy Castle quotes {@code nc} and {@code qop}), any order, spaces.
 */
public record DigestResponse(Map<String, String> params) {

    public static DigestResponse parse(String value) {
        Map<String, String> params = new HashMap<>();
        int i = 0;
        int n = value.length();
        while (i < n) {
            while (i < n && (value.charAt(i) == ' ' || value.charAt(i) == ',' || value.charAt(i) == '\t')) {
                i++;
            }
            int eq = value.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = value.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            i = eq + 1;
            String v;
            if (i < n && value.charAt(i) == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                while (i < n && value.charAt(i) != '"') {
                    if (value.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    b.append(value.charAt(i++));
                }
                if (i >= n) {
                    throw new IllegalArgumentException("unterminated quoted value in Digest credentials");
                }
                i++;
                v = b.toString();
            } else {
                int end = value.indexOf(',', i);
                v = (end < 0 ? value.substring(i) : value.substring(i, end)).strip();
                i = end < 0 ? n : end;
            }
            if (hasControl(key) || hasControl(v)) {
                // RFC 7616 §3.4 / RFC 9110 §5.6: tokens and quoted strings hold no control characters (HTAB aside)
                throw new IllegalArgumentException("control character in Digest credentials");
            }
            if (params.put(key, v) != null) {
                throw new IllegalArgumentException("repeated Digest parameter " + key);
            }
        }
        if (!params.containsKey("username")) {
            // RFC 7616 §3.4: username is required (username* is not supported); callers rely on its presence
            throw new IllegalArgumentException("Digest credentials without username");
        }
        return new DigestResponse(Map.copyOf(params));
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f);
    }

    public String get(String name) {
        return params.get(name);
    }

    public String username() {
        return params.get("username");
    }

    @Override
    public String toString() {
        return "Digest[" + username() + "]";
    }
}
