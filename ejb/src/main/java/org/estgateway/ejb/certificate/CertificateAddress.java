// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.certificate;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.estgateway.ejb.error.Conflict;
import org.estgateway.ejb.error.MalformedRequest;
import org.estgateway.ejb.error.NotFound;

/**
 * How the admin API addresses an issued certificate: its serial, and optionally the CA that issued it. A serial is
 * unique per CA only (V12: unique (ca, serial_hex)); without a CA the serial must name one certificate across all CAs.
 *
 * @param serial lower-case hex without leading zeros, as stored
 * @param ca the CA's name when the caller gave one
 */
public record CertificateAddress(String serial, Optional<String> ca) {
    private static final Pattern CA_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    /** A serial (colons and upper case accepted) and an optional CA name ({@code ?ca=}; blank = none). */
    public static CertificateAddress of(String serialHex, String ca) {
        String c = ca == null || ca.isBlank() ? null : ca.strip();
        if (c != null && !CA_NAME.matcher(c).matches()) {
            throw new NotFound("no CA named '" + c.replaceAll("[^A-Za-z0-9_-]", "?") + "'");
        }
        return new CertificateAddress(serial(serialHex), Optional.ofNullable(c));
    }

    /** Serials are stored as lower-case hex without leading zeros; accept colons and upper case. */
    static String serial(String hex) {
        String s = hex == null ? "" : hex.replace(":", "").toLowerCase(Locale.ROOT).replaceFirst("^0+(?=.)", "");
        if (!s.matches("[0-9a-f]{1,40}")) {
            throw new MalformedRequest("serial must be hexadecimal");
        }
        return s;
    }

    /**
     * The one certificate among those with this serial (of every CA when no CA was given, else of the given CA):
     * 404 when there is none, 409 naming the CAs when the serial is ambiguous.
     */
    public <T> T choose(List<T> matches, Function<T, String> caOf) {
        if (matches.isEmpty()) {
            throw new NotFound("no certificate with serial " + serial + ca.map(c -> " issued by CA '" + c + "'").orElse(""));
        }
        if (matches.size() > 1) {
            List<String> cas = matches.stream().map(caOf).sorted().toList();
            throw new Conflict("serial " + serial + " exists under CAs " + String.join(", ", cas)
                    + ": give ?ca= (one of " + String.join(", ", cas) + ")");
        }
        return matches.get(0);
    }

    @Override
    public String toString() {
        return ca.map(c -> c + ":").orElse("") + serial;
    }
}
