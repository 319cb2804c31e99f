// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.auth.digest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** RFC 7616 §3.4.1-§3.4.3 for qop=auth, algorithms MD5 and SHA-256 (no -sess variants). */
public final class DigestMath {
    public static final String MD5 = "MD5";
    public static final String SHA_256 = "SHA-256";
    public static final List<String> ALGORITHMS = List.of(MD5, SHA_256);

    private DigestMath() {
    }

    /** The canonical algorithm name for a client's {@code algorithm} parameter (absent means MD5). */
    public static Optional<String> algorithm(String value) {
        if (value == null) {
            return Optional.of(MD5);
        }
        return switch (value.toUpperCase(Locale.ROOT)) {
            case "MD5" -> Optional.of(MD5);
            case "SHA-256" -> Optional.of(SHA_256);
            default -> Optional.empty();
        };
    }

    public static String hash(String algorithm, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " missing from the JDK", e);
        }
    }

    public static String ha1(String algorithm, String user, String realm, String password) {
        return hash(algorithm, user + ":" + realm + ":" + password);
    }

    public static String response(String algorithm, String ha1, String nonce, String nc, String cnonce, String method,
            String uri) {
        String ha2 = hash(algorithm, method + ":" + uri);
        return hash(algorithm, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
    }

    public static boolean equal(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(a.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII),
                b.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }
}
