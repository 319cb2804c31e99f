// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca;

import java.time.Instant;
import java.util.List;

/**
 * The CA registered in the database (table ca): what every node of that database must sign with. {@code sha256} is
 * its current certificate's; {@code generations} the certificates of all its key generations (ca_generation, V13):
 * a data directory holding any of them (e.g. the first key, kept in ca/ca.p12 after a rollover) is this CA's.
 */
public record RegisteredCa(String sha256, String subjectDn, String registeredBy, Instant registeredAt,
        List<String> generations) {
    public RegisteredCa {
        generations = List.copyOf(generations);
    }

    /** A CA never rolled: its one certificate. */
    public RegisteredCa(String sha256, String subjectDn, String registeredBy, Instant registeredAt) {
        this(sha256, subjectDn, registeredBy, registeredAt, List.of());
    }

    /** Whether a data directory's CA certificate is one of this CA's generations. */
    boolean isGeneration(String localSha256) {
        return localSha256.equalsIgnoreCase(sha256) || generations.stream().anyMatch(localSha256::equalsIgnoreCase);
    }

    String describe() {
        return "SHA-256 " + sha256 + (generations.size() > 1 ? " (current of " + generations.size() + " key generations)" : "")
                + ", " + subjectDn + ", registered by " + registeredBy + " at " + registeredAt;
    }
}
