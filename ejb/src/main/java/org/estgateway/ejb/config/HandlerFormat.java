// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.config;

import java.util.Arrays;
import java.util.Optional;
import org.estgateway.ejb.enroll.EstOperation;

/** {@code handler.<n>.format}: which EST operation a handler performs, and which variant of it. */
public enum HandlerFormat {
    CACERTS("est-cacerts", EstOperation.CACERTS, false),
    CSRATTRS("est-csrattrs", EstOperation.CSRATTRS, false),
    SIMPLEENROLL("est-simpleenroll", EstOperation.SIMPLEENROLL, false),
    SIMPLEREENROLL("est-simplereenroll", EstOperation.SIMPLEREENROLL, false),
    SERVERKEYGEN("est-serverkeygen", EstOperation.SERVERKEYGEN, false),
    /** The seed's Identity Manager flow: simpleenroll that waits for an operator's approval. */
    SIMPLEENROLL_IDM("est-simpleenroll-idm", EstOperation.SIMPLEENROLL, true);

    private final String key;
    private final EstOperation operation;
    private final boolean approval;

    HandlerFormat(String key, EstOperation operation, boolean approval) {
        this.key = key;
        this.operation = operation;
        this.approval = approval;
    }

    public static Optional<HandlerFormat> of(String key) {
        return Arrays.stream(values()).filter(f -> f.key.equalsIgnoreCase(key.strip())).findFirst();
    }

    public String key() {
        return key;
    }

    public EstOperation operation() {
        return operation;
    }

    public boolean approval() {
        return approval;
    }

    /** Handlers that issue certificates, and so may carry authtype, realm, qop. */
    public boolean enrolls() {
        return operation.enrolls();
    }
}
