// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /api/v1/openapi.json}: the OpenAPI 3 description of the admin API (public, like its existence). */
@Path("api/v1/openapi.json")
@ApplicationScoped
public class OpenApiResource {
    private volatile byte[] document;

    @GET
    public Response get() {
        byte[] doc = load();
        return Response.ok(doc, "application/json").header(HttpHeaders.CONTENT_LENGTH, doc.length).build();
    }

    private byte[] load() {
        if (document == null) {
            try (InputStream in = OpenApiResource.class.getResourceAsStream("/openapi.json")) {
                if (in == null) {
                    throw new IllegalStateException("openapi.json missing from the web module");
                }
                document = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return document;
    }
}
