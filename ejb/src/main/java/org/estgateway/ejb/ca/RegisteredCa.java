// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca;

import java.time.Instant;

/** The CA registered in the database (table ca): what every node of that database must sign with. */
public record RegisteredCa(String sha256, String subjectDn, String registeredBy, Instant registeredAt) {
    String describe() {
        return "SHA-256 " + sha256 + ", " + subjectDn + ", registered by " + registeredBy + " at " + registeredAt;
    }
}
