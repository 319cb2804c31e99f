// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The operator page (SPEC §8, §10): one static HTML file and its script file, no build chain. It signs in
 * with an operator account and uses the approvals API with that account's credentials, so the page itself
 * holds no data and needs no session. A strict Content-Security-Policy keeps it to its own script file: no
 * inline script runs ('unsafe-inline' is absent from script-src), so injected markup cannot execute.
 */
@Path("operator")
@ApplicationScoped
public class OperatorPage {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; "
            + "form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
    private final ConcurrentMap<String, byte[]> resources = new ConcurrentHashMap<>();

    @GET
    public Response get() {
        return serve("/operator.html", "text/html; charset=utf-8").header("Content-Security-Policy", CSP)
                .header("Referrer-Policy", "no-referrer").build();
    }

    /** The page's script (operator.html loads it with {@code <script src="/operator/operator.js">}). */
    @GET
    @Path("operator.js")
    public Response script() {
        return serve("/operator.js", "text/javascript; charset=utf-8").build();
    }

    private Response.ResponseBuilder serve(String resource, String type) {
        byte[] body = resources.computeIfAbsent(resource, OperatorPage::load);
        return Response.ok(body, type).header(HttpHeaders.CONTENT_LENGTH, body.length)
                .header("X-Content-Type-Options", "nosniff").header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    private static byte[] load(String resource) {
        try (InputStream in = OperatorPage.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the web module");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
