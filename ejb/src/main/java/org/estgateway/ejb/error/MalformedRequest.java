// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.error;

/** 400: The request is not what the protocol expects (bad base64, DER, CSR, JSON). */
public class MalformedRequest extends EstException {
    private static final long serialVersionUID = 1L;

    public MalformedRequest(String reason) {
        super(reason);
    }

    @Override
    public int status() {
        return 400;
    }
}
