// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.error;

/** 501: An EST operation this gateway does not implement. */
public class NotImplemented extends EstException {
    private static final long serialVersionUID = 1L;

    public NotImplemented(String reason) {
        super(reason);
    }

    @Override
    public int status() {
        return 501;
    }
}
