// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.api;

import jakarta.annotation.Priority;
import jakarta.ejb.EJB;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;
import org.estgateway.ejb.account.AccountService;
import org.estgateway.ejb.auth.ClientCredentials;

/**
 * Authenticates every {@code /api/} call with HTTP Basic against the named accounts (SPEC §10) and requires
 * the role {@code admin}. The caller's name is left in the request property {@link #ACTOR} for auditing.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ApiAuthFilter implements ContainerRequestFilter {
    public static final String ACTOR = "est.api.actor";
    static final String CHALLENGE = "Basic realm=\"EST Gateway API\", charset=\"UTF-8\"";

    @EJB
    AccountService accounts;
    @Context
    HttpServletRequest http;

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/") && !path.startsWith("api/")) {
            return;
        }
        Optional<ClientCredentials.Basic> basic;
        try {
            basic = ClientCredentials.parseBasic(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        } catch (IllegalArgumentException e) {
            basic = Optional.empty();
        }
        if (basic.isEmpty()) {
            request.abortWith(Problem.response(401, "authentication required")
                    .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE).build());
            return;
        }
        Optional<String> role = accounts.authenticate(basic.get().user(), basic.get().password(), http.getRemoteAddr());
        if (role.isEmpty()) {
            request.abortWith(Problem.response(401, "unknown account or wrong password")
                    .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE).build());
            return;
        }
        if (!"admin".equals(role.get())) {
            request.abortWith(Problem.response(403, "role admin required").build());
            return;
        }
        request.setProperty(ACTOR, basic.get().user());
    }
}
