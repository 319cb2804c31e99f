// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.estgateway.ejb.input.InputText;
import org.estgateway.ejb.pki.CertificateDer;

/**
 * What a request presented, before anything is verified: the TLS client chain (leaf first, possibly empty),
 * the HTTP Basic credentials, whether the request came over TLS, and its source address. Behind a trusted
 * TLS-terminating proxy the chain is the one its RFC 9440 Client-Cert forwarded and the address its
 * X-Forwarded-For ({@link org.estgateway.ejb.client.ClientOrigin}); every check treats them alike.
 */
public record ClientCredentials(List<CertificateDer> tlsChain, Optional<Basic> basic,
        Optional<org.estgateway.ejb.auth.digest.DigestResponse> digest, String method, boolean secure,
        String sourceAddress) {

    public ClientCredentials(List<CertificateDer> tlsChain, Optional<Basic> basic, boolean secure, String sourceAddress) {
        this(tlsChain, basic, Optional.empty(), "POST", secure, sourceAddress);
    }

    /** Whether HTTP credentials (Basic or Digest) were presented. */
    public boolean hasHttpCredentials() {
        return basic.isPresent() || digest.isPresent();
    }

    /** The user name the HTTP credentials claim, if any (for the audit trail of refusals). */
    public Optional<String> claimedUser() {
        return basic.map(Basic::user).or(() -> digest.map(org.estgateway.ejb.auth.digest.DigestResponse::username));
    }

    /** {@code Authorization: Digest ...} parameters, or empty for any other scheme or none. */
    public static Optional<org.estgateway.ejb.auth.digest.DigestResponse> parseDigest(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String value = authorization.strip();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Digest ", 0, 7)) {
            return Optional.empty();
        }
        org.estgateway.ejb.auth.digest.DigestResponse digest = org.estgateway.ejb.auth.digest.DigestResponse.parse(value.substring(7));
        requirePlainUser(digest.username());
        return Optional.of(digest);
    }

    /** Longest user name and password taken from an Authorization header (device CNs are at most 64). */
    static final int MAX_USER = InputText.SHORT;
    static final int MAX_PASSWORD = 1024;

    /** A claimed user name reaches SQL and the audit trail: plain text only (no NUL, no line breaks). */
    private static void requirePlainUser(String user) {
        if (user != null && !InputText.plain(user, MAX_USER)) {
            throw new IllegalArgumentException("the user name is not plain text of at most " + MAX_USER + " characters");
        }
    }

    /** HTTP Basic user and password (RFC 7617). */
    public record Basic(String user, String password) {
        @Override
        public String toString() {
            return "Basic[" + user + "]"; // never the password
        }
    }

    public Optional<CertificateDer> tlsCertificate() {
        return tlsChain.isEmpty() ? Optional.empty() : Optional.of(tlsChain.get(0));
    }

    /**
     * Parses an {@code Authorization} header value. An absent or empty Basic header is no credentials at
     * all: libest sends {@code Authorization: Basic } (nothing after it) on a certificate-only re-enroll.
     *
     * @return the credentials, empty when there are none
     * @throws IllegalArgumentException when the header is not Basic or does not decode to user:password
     */
    public static Optional<Basic> parseBasic(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return Optional.empty();
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        if (!scheme.equalsIgnoreCase("Basic")) {
            throw new IllegalArgumentException("unsupported authorization scheme " + scheme);
        }
        String token = space < 0 ? "" : value.substring(space + 1).strip();
        if (token.isEmpty()) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Basic credentials are not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("Basic credentials are not user:password");
        }
        if (colon == 0 && decoded.length() == 1) {
            return Optional.empty(); // "Og==" is an empty user and password: no credentials
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        requirePlainUser(user);
        if (password.length() > MAX_PASSWORD) {
            throw new IllegalArgumentException("the password is longer than " + MAX_PASSWORD + " characters");
        }
        return Optional.of(new Basic(user, password));
    }
}
