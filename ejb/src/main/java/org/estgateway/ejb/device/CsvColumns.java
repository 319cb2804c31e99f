// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.device;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The columns of a device CSV file, in their default order. Header names compare case-insensitively and
 * ignore white space, '_', '-' and format characters ({@code common_name}, {@code Common Name} and {@code commonName} are one column).
 */
final class CsvColumns {
    static final List<String> NAMES = List.of("commonName", "password", "oneTime", "serialNumber", "ipAddress",
            "dnsName");
    static final int COMMON_NAME = 0;
    static final int PASSWORD = 1;
    static final int ONE_TIME = 2;
    static final int SERIAL_NUMBER = 3;
    static final int IP_ADDRESS = 4;
    static final int DNS_NAME = 5;

    private CsvColumns() {
    }

    /** The column's index in {@link #NAMES}. */
    static Optional<Integer> of(String headerField) {
        String n = normalize(headerField);
        for (int i = 0; i < NAMES.size(); i++) {
            if (NAMES.get(i).toLowerCase(Locale.ROOT).equals(n)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    static boolean isColumnName(String s) {
        return of(s).isPresent();
    }

    /** Also drops invisible format characters: a byte-order mark glued to a header name must not hide it. */
    private static String normalize(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().filter(c -> c != ' ' && c != '_' && c != '-' && !Character.isWhitespace(c)
                && Character.getType(c) != Character.FORMAT).forEach(b::appendCodePoint);
        return b.toString().toLowerCase(Locale.ROOT);
    }
}
