// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.api;

import jakarta.json.Json;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;

/** RFC 9457 problem details for the admin API. */
public final class Problem {
    public static final String TYPE = "application/problem+json";

    private Problem() {
    }

    public static Response.ResponseBuilder response(int status, String detail) {
        byte[] body = json(status, detail);
        return Response.status(status).entity(body).type(TYPE).header(HttpHeaders.CONTENT_LENGTH, body.length);
    }

    /** The problem document's bytes. */
    public static byte[] json(int status, String detail) {
        String json = Json.createObjectBuilder()
                .add("type", "about:blank")
                .add("title", Response.Status.fromStatusCode(status) == null ? "error"
                        : Response.Status.fromStatusCode(status).getReasonPhrase())
                .add("status", status)
                .add("detail", detail == null ? "" : detail)
                .build().toString();
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
