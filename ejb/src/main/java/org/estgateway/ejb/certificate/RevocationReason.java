// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.certificate;

import java.util.Arrays;
import java.util.Optional;

/**
 * RFC 5280 §5.3.1 CRLReason values an administrator may give. certificateHold and removeFromCRL are not
 * offered: revocation here is final.
 */
public enum RevocationReason {
    unspecified(0), keyCompromise(1), cACompromise(2), affiliationChanged(3), superseded(4),
    cessationOfOperation(5), privilegeWithdrawn(9), aACompromise(10);

    private final int code;

    RevocationReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<RevocationReason> of(String name) {
        return Arrays.stream(values()).filter(r -> r.name().equals(name)).findFirst();
    }
}
