// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.est;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Logger;

/** SPEC §12: one log line per EST request outcome (label, operation, identity, result, milliseconds). */
@Provider
public class EstRequestLog implements ContainerRequestFilter, ContainerResponseFilter {
    static final String IDENTITY = "est.identity";
    static final String OPERATION = "est.operation";
    private static final String START = "est.start";
    private static final Logger LOG = Logger.getLogger("org.estgateway.est.requests");

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(START, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/.well-known/est") && !path.startsWith(".well-known/est")) {
            return;
        }
        Object start = request.getProperty(START);
        long ms = start instanceof Long s ? (System.nanoTime() - s) / 1_000_000 : -1;
        Object op = request.getProperty(OPERATION);
        String label = op instanceof EstPath p && p.label() != null ? p.label() : "-";
        String operation = op instanceof EstPath p ? p.operation().path() : path;
        Object identity = request.getProperty(IDENTITY);
        LOG.info(() -> "EST " + operation + " label=" + label + " identity=" + (identity == null ? "-" : identity)
                + " status=" + response.getStatus() + " ms=" + ms);
    }
}
