// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.error;

/** 401: no or wrong credentials. The response carries {@code WWW-Authenticate: <challenge>} (RFC 7235 §3.1). */
public class Unauthorized extends EstException {
    private static final long serialVersionUID = 1L;
    private final String challenge;

    public Unauthorized(String reason, String challenge) {
        super(reason);
        this.challenge = challenge;
    }

    /** A Basic challenge for the realm, as libest and Bouncy Castle expect it. */
    public static Unauthorized basic(String reason, String realm) {
        return new Unauthorized(reason, "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
    }

    public String challenge() {
        return challenge;
    }

    @Override
    public int status() {
        return 401;
    }
}
