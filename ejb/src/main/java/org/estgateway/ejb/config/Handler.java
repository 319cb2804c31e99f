// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.config;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One EST endpoint (the seed's model: each endpoint has its own handler). Its {@code filter} is matched
 * against the path after {@code /.well-known/est/}; its {@code format} says what it does.
 *
 * @param requiredRoRoles present on RA handlers: the officer roles one of which the TLS client certificate
 *        must carry; an empty set ("none") admits any certificate this gateway issued
 * @param requireLatestCertificate per-handler override of the global re-enroll rule
 * @param digestAlgorithms Digest challenges offered, in order (libest accepts only a first MD5 challenge)
 */
public record Handler(String id, Pattern filter, HandlerFormat format, Procedure procedure, AuthType authType,
        String realm, String qop, boolean allowChallengePassword, Optional<Set<String>> requiredRoRoles,
        Optional<Boolean> requireLatestCertificate, Optional<Idm> idm, java.util.List<String> digestAlgorithms,
        Approval approval) {

    /** Manual authorization timing: the client's polling interval and how long a request may wait. */
    public record Approval(java.time.Duration retryAfter, java.time.Duration expiry) {
        public static final Approval DEFAULT = new Approval(java.time.Duration.ofSeconds(60), java.time.Duration.ofDays(7));
    }


    /** HTTP authentication scheme of an enrolling handler. */
    public enum AuthType {
        BASIC, DIGEST
    }

    /** The external approval service of an approval handler (SPEC §8). */
    public record Idm(String requestUrl, String tlsToken, String tlsPassword) {
        @Override
        public String toString() {
            return "Idm[" + requestUrl + ", " + tlsToken + "]"; // never the password
        }
    }

    public boolean matches(String path) {
        return filter.matcher(path).matches();
    }

    /**
     * The label as recorded: null for a plain RFC path ("simpleenroll"), the part before the operation for
     * "label/simpleenroll", otherwise the whole path (custom endpoint names such as the seed's).
     */
    public static String labelOf(String path, String operation) {
        if (path.equals(operation)) {
            return null;
        }
        if (path.endsWith("/" + operation)) {
            return path.substring(0, path.length() - operation.length() - 1);
        }
        return path;
    }
}
