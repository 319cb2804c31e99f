// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca.key;

/** A CA key that cannot be opened, created or stored; the message is one line naming the location and the cause. */
public class CaKeyException extends IllegalStateException {
    public CaKeyException(String message) {
        super(message);
    }
}
