// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.error;

/** 403: Authenticated, but a rule forbids the request. */
public class Forbidden extends EstException {
    private static final long serialVersionUID = 1L;

    public Forbidden(String reason) {
        super(reason);
    }

    @Override
    public int status() {
        return 403;
    }
}
