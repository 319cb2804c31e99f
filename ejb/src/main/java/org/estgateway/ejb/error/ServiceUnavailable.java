// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.error;

/** 503: The CA or database is not ready. */
public class ServiceUnavailable extends EstException {
    private static final long serialVersionUID = 1L;

    public ServiceUnavailable(String reason) {
        super(reason);
    }

    @Override
    public int status() {
        return 503;
    }
}
