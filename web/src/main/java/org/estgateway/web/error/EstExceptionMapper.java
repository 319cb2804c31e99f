// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.error;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
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
import org.estgateway.ejb.database.DatabaseAvailability;
import org.estgateway.ejb.database.DatabaseFailures;
import org.estgateway.ejb.error.EstException;
import org.estgateway.ejb.error.ServiceUnavailable;
import org.estgateway.ejb.error.Unauthorized;
import org.estgateway.web.api.Problem;

/**
 * The one exception mapper. EST clients get a short text/plain reason; the admin API gets
 * application/problem+json (RFC 9457). Every response carries Content-Length; every 401 WWW-Authenticate.
 * An unexpected failure (500) becomes an {@link Incidents incident}: its id in the answer, one log line, an
 * audit event; never the exception's text. A database outage is no incident: 503 + Retry-After
 * ({@link DatabaseFailures}), logged once by {@link DatabaseAvailability}.
 */
@Provider
public class EstExceptionMapper implements ExceptionMapper<Throwable> {

    static final String DATABASE_DOWN = ServiceUnavailable.databaseDown().getMessage();

    @Inject
    Incidents incidents;
    @EJB
    DatabaseAvailability availability;
    @Context
    UriInfo uri;
    @Context
    HttpServletRequest http;

    @Override
    public Response toResponse(Throwable thrown) {
        Throwable e = unwrap(thrown);
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
        if (DatabaseFailures.isUnavailable(thrown)) {
            // an outage outside any business method (a commit that failed): 503, no incident, no audit row
            availability.unavailable(thrown);
            return respond(503, DATABASE_DOWN)
                    .header(HttpHeaders.RETRY_AFTER, ServiceUnavailable.DATABASE_RETRY_AFTER_SECONDS).build();
        }
        java.util.Optional<Refusal> clientFault = Refusal.of(e);
        if (clientFault.isPresent()) {
            return respond(clientFault.get().status(), clientFault.get().reason()).build();
        }
        String incident = incidents.report(e, http.getMethod(), uri.getPath(), http.getRemoteAddr());
        return respond(500, "internal server error (incident " + incident + ")").build();
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

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while (t instanceof EJBException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
