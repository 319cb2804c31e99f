// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.error;

/** 415: Wrong Content-Type. */
public class UnsupportedMediaType extends EstException {
    private static final long serialVersionUID = 1L;

    public UnsupportedMediaType(String reason) {
        super(reason);
    }

    @Override
    public int status() {
        return 415;
    }
}
