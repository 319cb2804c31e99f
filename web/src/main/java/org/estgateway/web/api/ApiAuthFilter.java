// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.api;

import jakarta.annotation.Priority;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.estgateway.ejb.account.AccountService;
import org.estgateway.ejb.auth.ClientCredentials;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.web.client.ClientOrigins;

/**
 * Authenticates every {@code /api/} call (SPEC §10): a client certificate mapped to an account (over TLS, or
 * forwarded by a trusted TLS-terminating proxy: {@link ClientOrigins}), or HTTP Basic of a named account. The
 * resource's {@link Roles} decide who may call it; the caller's name is left in {@link #ACTOR} for auditing.
 * Resources without {@link Roles} are for admins only.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class ApiAuthFilter implements ContainerRequestFilter {
    public static final String ACTOR = "est.api.actor";
    static final String CHALLENGE = "Basic realm=\"EST Gateway API\", charset=\"UTF-8\"";
    static final String[] ADMIN_ONLY = {"admin"};

    @EJB
    AccountService accounts;
    @Inject
    ClientOrigins origins;
    @Context
    HttpServletRequest http;
    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/") && !path.startsWith("api/") || path.endsWith("/openapi.json")) {
            return;
        }
        Optional<String[]> who = byCertificate().or(() -> byPassword(request));
        if (who.isEmpty()) {
            boolean presented = request.getHeaderString(HttpHeaders.AUTHORIZATION) != null;
            request.abortWith(Problem.response(401, presented ? "unknown account or wrong password" : "authentication required")
                    .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE).build());
            return;
        }
        String[] allowed = required();
        if (Arrays.stream(allowed).noneMatch(who.get()[1]::equals)) {
            request.abortWith(Problem.response(403, "role " + String.join(" or ", allowed) + " required").build());
            return;
        }
        request.setProperty(ACTOR, who.get()[0]);
    }

    private Optional<String[]> byCertificate() {
        // the TLS client certificate, or the one a trusted TLS-terminating proxy forwards (never the proxy's own)
        List<CertificateDer> chain = origins.of(http).chain();
        if (chain.isEmpty()) {
            return Optional.empty();
        }
        return accounts.authenticateCertificate(chain.get(0).sha256().hex());
    }

    private Optional<String[]> byPassword(ContainerRequestContext request) {
        Optional<ClientCredentials.Basic> basic;
        try {
            basic = ClientCredentials.parseBasic(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return basic.flatMap(b -> accounts.authenticate(b.user(), b.password(), origins.of(http).address())
                .map(role -> new String[] {b.user(), role}));
    }

    private String[] required() {
        Roles roles = resource.getResourceMethod() == null ? null : resource.getResourceMethod().getAnnotation(Roles.class);
        if (roles == null && resource.getResourceClass() != null) {
            roles = resource.getResourceClass().getAnnotation(Roles.class);
        }
        return roles == null ? ADMIN_ONLY : roles.value();
    }
}
