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

/**
 * The operator page (SPEC §8, §10): one static HTML file with its script, no build chain. It signs in with
 * an operator account and uses the approvals API with that account's credentials, so the page itself holds
 * no data and needs no session. A strict Content-Security-Policy keeps it to its own script.
 */
@Path("operator")
@ApplicationScoped
public class OperatorPage {
    private volatile byte[] page;

    @GET
    public Response get() {
        byte[] html = load();
        return Response.ok(html, "text/html; charset=utf-8").header(HttpHeaders.CONTENT_LENGTH, html.length)
                .header("Content-Security-Policy", "default-src 'none'; script-src 'self' 'unsafe-inline'; "
                        + "style-src 'unsafe-inline'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'")
                .header("X-Content-Type-Options", "nosniff").header("Referrer-Policy", "no-referrer")
                .header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    private byte[] load() {
        if (page == null) {
            try (InputStream in = OperatorPage.class.getResourceAsStream("/operator.html")) {
                page = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return page;
    }
}
