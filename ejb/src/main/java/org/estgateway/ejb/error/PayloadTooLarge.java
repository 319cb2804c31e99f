// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.error;

/** 413: The body exceeds the cap. */
public class PayloadTooLarge extends EstException {
    private static final long serialVersionUID = 1L;

    public PayloadTooLarge(String reason) {
        super(reason);
    }

    @Override
    public int status() {
        return 413;
    }
}
