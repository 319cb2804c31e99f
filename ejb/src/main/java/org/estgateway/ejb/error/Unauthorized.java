// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.error;

/** 401: no or wrong credentials. The response carries {@code WWW-Authenticate: <challenge>} (RFC 7235 §3.1). */
public class Unauthorized extends EstException {
    private static final long serialVersionUID = 1L;
    private final java.util.List<String> challenges;

    public Unauthorized(String reason, String challenge) {
        this(reason, java.util.List.of(challenge));
    }

    /** Several challenges, in order of preference (RFC 7235 §4.1), e.g. Digest with MD5 and with SHA-256. */
    public Unauthorized(String reason, java.util.List<String> challenges) {
        super(reason);
        this.challenges = java.util.List.copyOf(challenges);
    }

    /** A Basic challenge for the realm, as libest and Bouncy Castle expect it. */
    public static Unauthorized basic(String reason, String realm) {
        return new Unauthorized(reason, "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
    }

    public String challenge() {
        return challenges.get(0);
    }

    public java.util.List<String> challenges() {
        return challenges;
    }

    @Override
    public int status() {
        return 401;
    }
}
