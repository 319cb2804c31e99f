// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.error;

/** 404: Unknown label, device, certificate. */
public class NotFound extends EstException {
    private static final long serialVersionUID = 1L;

    public NotFound(String reason) {
        super(reason);
    }

    @Override
    public int status() {
        return 404;
    }
}
