// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca.rollover;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of a CA's key generations (RFC 7030 §4.1.3 rollover), without disk or database: which CA may get a next
 * key or be rolled, where a generation's key lives, which URL serves a generation's CRL, and whether that CRL is
 * still published. Refusals are one line for the admin API.
 */
public final class Generations {
    /** The CRL of generation 1 keeps today's URL, so certificates issued before any rollover stay checkable. */
    public static final int FIRST = 1;
    private static final Pattern PKCS11_KEY = Pattern.compile("(^|;)key=([^;]+)");
    private static final Pattern GENERATION_SUFFIX = Pattern.compile("-g[0-9]+$");

    private Generations() {
    }

    /** What a rollover step looks at: the CA's state. */
    public record CaState(String name, String status, boolean subordinate, int generation, boolean hasNext) {
    }

    /** Why the CA cannot get a next key; empty when it can. (The caller answers 404 for an unknown CA.) */
    public static Optional<String> nextKeyRefusal(CaState ca) {
        return common(ca).or(() -> ca.hasNext() ? Optional.of("CA '" + ca.name() + "' has a new key already (generation "
                + (ca.generation() + 1) + "): POST /api/v1/cas/" + ca.name() + "/rollover to use it") : Optional.empty());
    }

    /** Why the CA cannot be rolled now; empty when it can. */
    public static Optional<String> rolloverRefusal(CaState ca) {
        return common(ca).or(() -> ca.hasNext() ? Optional.empty() : Optional.of("CA '" + ca.name()
                + "' has no new key: POST /api/v1/cas/" + ca.name() + "/next-key first"));
    }

    private static Optional<String> common(CaState ca) {
        if (ca.status().equals("PENDING")) {
            return Optional.of("CA '" + ca.name() + "' is PENDING (its signed chain is not imported): nothing to roll");
        }
        if (!ca.status().equals("ACTIVE")) {
            return Optional.of("CA '" + ca.name() + "' is " + ca.status() + ": only an ACTIVE CA is rolled");
        }
        if (ca.subordinate()) {
            return Optional.of("CA '" + ca.name() + "' is a subordinate CA: its key is rolled by a new subordinate CA "
                    + "under the same root (POST /api/v1/cas/<new name>/csr, then point procedure.<id>.ca at it)");
        }
        return Optional.empty();
    }

    /** 'pkcs12:ca/&lt;name&gt;-g&lt;n&gt;.p12': the next generation's PKCS#12 file in the data directory. */
    public static String pkcs12Location(String name, int generation) {
        return "pkcs12:ca/" + name + "-g" + generation + ".p12";
    }

    /**
     * The next generation's key in the same token as the current one: the label of the current key (without an
     * earlier "-g&lt;n&gt;") followed by "-g&lt;n&gt;".
     */
    public static String pkcs11Location(String current, int generation) {
        Matcher m = PKCS11_KEY.matcher(current);
        if (!current.startsWith("pkcs11:") || !m.find()) {
            throw new IllegalArgumentException("not a pkcs11: key location with key=: " + current);
        }
        String label = GENERATION_SUFFIX.matcher(m.group(2)).replaceFirst("") + "-g" + generation;
        return current.substring(0, m.start(2)) + label + current.substring(m.end(2));
    }

    /** Where the next generation's key goes: beside the current key, in the same kind of store. */
    public static String nextLocation(String name, String currentLocation, int generation) {
        return currentLocation.startsWith("pkcs11:") ? pkcs11Location(currentLocation, generation)
                : pkcs12Location(name, generation);
    }

    /**
     * The CRL distribution point of a generation: generation 1 keeps /crl (default CA) or /crl/&lt;name&gt;; later
     * generations /crl/&lt;name&gt;/&lt;n&gt; (also /crl/default/&lt;n&gt;).
     */
    public static String crlUrl(String base, String name, boolean isDefault, int generation) {
        if (generation == FIRST) {
            return isDefault ? base : base + "/" + name;
        }
        return base + "/" + name + "/" + generation;
    }

    /** A previous generation's CRL is published while its CA certificate is valid; the current one's always. */
    public static boolean publishesCrl(boolean current, Instant notAfter, Instant now) {
        return current || now.isBefore(notAfter);
    }
}
