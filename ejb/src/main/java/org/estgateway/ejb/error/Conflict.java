// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.error;

/** 409: The request conflicts with the current state (duplicate, already decided). */
public class Conflict extends EstException {
    private static final long serialVersionUID = 1L;

    public Conflict(String reason) {
        super(reason);
    }

    @Override
    public int status() {
        return 409;
    }
}
