// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.enroll;

import java.util.Arrays;
import java.util.Optional;

/** The EST operations of RFC 7030 §3.2.2, with the HTTP method each takes. */
public enum EstOperation {
    CACERTS("cacerts", "GET"),
    CSRATTRS("csrattrs", "GET"),
    SIMPLEENROLL("simpleenroll", "POST"),
    SIMPLEREENROLL("simplereenroll", "POST"),
    SERVERKEYGEN("serverkeygen", "POST"),
    FULLCMC("fullcmc", "POST");

    private final String path;
    private final String method;

    EstOperation(String path, String method) {
        this.path = path;
        this.method = method;
    }

    public static Optional<EstOperation> ofPath(String segment) {
        return Arrays.stream(values()).filter(o -> o.path.equals(segment)).findFirst();
    }

    public String path() {
        return path;
    }

    public String method() {
        return method;
    }

    public boolean enrolls() {
        return this == SIMPLEENROLL || this == SIMPLEREENROLL || this == SERVERKEYGEN;
    }
}
