// SPDX-License-Identifier: Apache-2.0
package org.estgateway.persistence.crl;

import java.util.Optional;

/**
 * One read of the database: the current revocation state of issued_certificate and the latest stored CRL of a
 * CA (none yet on a fresh database), taken by one statement and so from one snapshot.
 */
public record CrlSnapshot(String revocationState, Optional<CrlHead> latest) {
}
