// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.error;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import org.estgateway.ejb.error.EstException;
import org.estgateway.ejb.error.ServiceUnavailable;
import org.estgateway.ejb.error.Unauthorized;
import org.estgateway.web.api.Problem;

/**
 * The one exception mapper. EST clients get a short text/plain reason; the admin API gets
 * application/problem+json (RFC 9457). Every response carries Content-Length; every 401 WWW-Authenticate.
 * An unexpected failure (500) becomes an {@link Incidents incident}: its id in the answer, one log line, an
 * audit event; never the exception's text. A database outage is no incident: 503 + Retry-After, logged once
 * ({@link Incidents#answer}, shared with the error page).
 */
@Provider
public class EstExceptionMapper implements ExceptionMapper<Throwable> {


    @Inject
    Incidents incidents;
    @Inject
    org.estgateway.web.client.ClientOrigins origins;
    @Context
    UriInfo uri;
    @Context
    HttpServletRequest http;

    @Override
    public Response toResponse(Throwable thrown) {
        Throwable e = Incidents.unwrap(thrown);
        if (e instanceof EstException x) {
            if (x.actor() != null) {
                http.setAttribute("est.identity", x.actor());
            }
            Response.ResponseBuilder r = respond(x.status(), x.getMessage());
            if (x instanceof Unauthorized u) {
                u.challenges().forEach(c -> r.header(HttpHeaders.WWW_AUTHENTICATE, c));
            }
            if (x instanceof ServiceUnavailable s && s.retryAfterSeconds() > 0) {
                r.header(HttpHeaders.RETRY_AFTER, s.retryAfterSeconds());
            }
            return r.build();
        }
        if (e instanceof WebApplicationException w) {
            Response original = w.getResponse();
            Response.ResponseBuilder r = respond(original.getStatus(), reason(original));
            original.getStringHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE) && !name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
                    values.forEach(v -> r.header(name, v));
                }
            });
            return r.build();
        }
        Refusal answer = incidents.answer(thrown, http.getMethod(), uri.getPath(), origins.address(http));
        Response.ResponseBuilder r = respond(answer.status(), answer.reason());
        if (answer.status() == 503) {
            r.header(HttpHeaders.RETRY_AFTER, ServiceUnavailable.DATABASE_RETRY_AFTER_SECONDS);
        }
        return r.build();
    }

    private Response.ResponseBuilder respond(int status, String message) {
        if (isApi()) {
            return Problem.response(status, message);
        }
        // Bouncy Castle's EST client closes a 401 without reading it and fails if any body is left unread.
        byte[] body = status == 401 ? new byte[0]
                : (status + " " + message + "\n").getBytes(StandardCharsets.UTF_8);
        return Response.status(status).entity(body).type("text/plain; charset=utf-8")
                .header(HttpHeaders.CONTENT_LENGTH, body.length);
    }

    private boolean isApi() {
        String path = uri.getPath();
        return path.startsWith("/api/") || path.startsWith("api/");
    }

    private static String reason(Response response) {
        return switch (response.getStatus()) {
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 406 -> "not acceptable";
            case 415 -> "unsupported media type";
            default -> response.getStatusInfo().getReasonPhrase().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
