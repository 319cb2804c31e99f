// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.est;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.estgateway.ejb.auth.ClientCredentials;
import org.estgateway.ejb.auth.digest.DigestResponse;
import org.estgateway.ejb.client.ClientOrigin;
import org.estgateway.ejb.error.Unauthorized;
import org.estgateway.web.client.ClientOrigins;

/**
 * Collects what a request presented: the client certificate chain and address ({@link ClientOrigins}: the TLS
 * connection, or a trusted proxy's Client-Cert and X-Forwarded-For), Basic or Digest credentials.
 */
@ApplicationScoped
public class RequestCredentials {
    @Inject
    ClientOrigins origins;

    public ClientCredentials of(HttpServletRequest http, String realm) {
        ClientOrigin origin = origins.of(http); // a trusted proxy's unreadable Client-Cert: 400 before anything else
        String authorization = http.getHeader("Authorization");
        Optional<ClientCredentials.Basic> basic = Optional.empty();
        Optional<DigestResponse> digest;
        try {
            digest = ClientCredentials.parseDigest(authorization);
            if (digest.isEmpty()) {
                basic = ClientCredentials.parseBasic(authorization);
            }
        } catch (IllegalArgumentException e) {
            throw Unauthorized.basic(e.getMessage(), realm);
        }
        return new ClientCredentials(origin.chain(), basic, digest, http.getMethod(), http.isSecure(), origin.address());
    }
}
