// SPDX-License-Identifier: Apache-2.0
package org.estgateway.persistence.crl;

import java.time.Instant;

/** What a stored CRL says about itself, without its DER: enough to decide whether it is still the one to serve. */
public record CrlHead(long number, String revocationState, Instant thisUpdate, Instant nextUpdate) {
}
