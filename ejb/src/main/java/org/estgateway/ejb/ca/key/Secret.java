// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca.key;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** A PIN or password: never printed ({@link #toString()} is masked), handed out only as a copy. */
public final class Secret {
    private final char[] value;

    private Secret(char[] value) {
        this.value = value.clone();
    }

    public static Secret of(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("empty secret");
        }
        return new Secret(value.toCharArray());
    }

    /** The first line of a file (a trailing newline is not part of the secret). */
    public static Secret fromFile(Path file, String what) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                throw new IllegalArgumentException(what + ": " + file + " is empty");
            }
            return of(text.lines().findFirst().orElseThrow());
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": " + file + " cannot be read");
        }
    }

    /** A copy for the caller to use (and clear). */
    public char[] chars() {
        return value.clone();
    }

    @Override
    public String toString() {
        return "****";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && Arrays.equals(value, s.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }
}
