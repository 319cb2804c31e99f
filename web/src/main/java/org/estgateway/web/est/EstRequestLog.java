// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.est;

import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Logger;
import org.estgateway.ejb.config.Handler;
import org.estgateway.ejb.node.NodeName;
import org.estgateway.web.client.ClientOrigins;
import org.jboss.logging.MDC;

/**
 * SPEC §12: one log line per EST request outcome (label, operation, identity, source address, result,
 * milliseconds, and the node that served it: EST_NODE_NAME). The source is the client's: behind a trusted proxy
 * the address it forwarded ({@link ClientOrigins}). With EST_LOG_FORMAT=json the node is also the field
 * {@code mdc.node} of every line logged while the request runs.
 */
@Provider
public class EstRequestLog implements ContainerRequestFilter, ContainerResponseFilter {
    static final String IDENTITY = "est.identity";
    static final String PATH = "est.path";
    static final String HANDLER = "est.handler";
    private static final String START = "est.start";
    static final String NODE = "node";
    private static final Logger LOG = Logger.getLogger("org.estgateway.est.requests");

    @Inject
    ClientOrigins origins;
    @Context
    HttpServletRequest http;

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(START, System.nanoTime());
        MDC.put(NODE, NodeName.current().value());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/.well-known/est") && !path.startsWith(".well-known/est")) {
            MDC.remove(NODE);
            return;
        }
        Object start = request.getProperty(START);
        long ms = start instanceof Long s ? (System.nanoTime() - s) / 1_000_000 : -1;
        Object handler = request.getProperty(HANDLER);
        Object estPath = request.getProperty(PATH);
        String operation = handler instanceof Handler h ? h.format().operation().path() : "-";
        String label = handler instanceof Handler h && estPath instanceof String p && Handler.labelOf(p, operation) != null
                ? Handler.labelOf(p, operation) : "-";
        String handlerId = handler instanceof Handler h ? h.id() : "-";
        Object identity = request.getProperty(IDENTITY);
        String source = origins.address(http);
        LOG.info(() -> "EST " + operation + " label=" + label + " handler=" + handlerId + " identity="
                + (identity == null ? "-" : identity) + " source=" + source + " status=" + response.getStatus()
                + " ms=" + ms
                + (handler == null ? " path=" + EstResource.printable(String.valueOf(estPath)) : "")
                + " node=" + NodeName.current().value());
        MDC.remove(NODE); // the worker thread serves other requests next (the value would be the same)
    }
}
