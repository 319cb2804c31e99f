// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.input;

import org.estgateway.ejb.error.MalformedRequest;

/**
 * The rule for every string a request brings (user names, JSON members, query and path parameters): it
 * reaches SQL, a log line or a certificate only when it is plain text of bounded length. Plain means no
 * control characters (C0 including NUL, DEL, C1), no line or paragraph separators and no unpaired UTF-16
 * surrogates (text that did not come from valid UTF-8). PostgreSQL refuses a NUL in text with an error, so
 * without this rule a NUL was a 500; a line break forges log lines.
 */
public final class InputText {
    /** Default bound for a short request string (names, filters). */
    public static final int SHORT = 255;

    private InputText() {
    }

    /** Why this string is not plain text of at most {@code max} characters, or null when it is. */
    public static String problem(String value, int max) {
        return problem(value, max, false);
    }

    /** Like {@link #problem(String, int)}, but line breaks and tabs are allowed (PEM text). */
    public static String problemInLines(String value, int max) {
        return problem(value, max, true);
    }

    private static String problem(String value, int max, boolean lines) {
        if (value.length() > max) {
            return "is longer than " + max + " characters";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (lines && (c == '\n' || c == '\r' || c == '\t')) {
                continue;
            }
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return "contains a control character";
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "is not valid UTF-8 text";
            }
        }
        return null;
    }

    public static boolean plain(String value, int max) {
        return value == null || problem(value, max) == null;
    }

    /** The value itself when plain (null passes), else a 400 naming the field. */
    public static String require(String field, String value, int max) {
        if (value == null) {
            return null;
        }
        String problem = problem(value, max);
        if (problem != null) {
            throw new MalformedRequest(field + " " + problem);
        }
        return value;
    }
}
