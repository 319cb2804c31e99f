// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.error;

import jakarta.inject.Inject;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.estgateway.ejb.error.ServiceUnavailable;
import org.estgateway.web.api.Problem;

/**
 * The servlet container's error page (WEB-INF/web.xml), replacing WildFly's HTML page: errors raised before
 * JAX-RS runs (a request listener refusing 250 cookies, a servlet-level limit, a failure in a filter) get the
 * same short text/plain answer as EST refusals, or problem+json under {@code /api/}. Never a stack trace or a
 * version; an unexpected exception becomes an {@link Incidents incident}.
 */
@WebServlet(urlPatterns = ErrorPage.PATH)
public class ErrorPage extends HttpServlet {
    static final String PATH = "/error";
    private static final long serialVersionUID = 1L;

    @Inject
    transient Incidents incidents;
    @Inject
    transient org.estgateway.web.client.ClientOrigins origins;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object thrown = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri instanceof String u ? u : request.getRequestURI();
        Refusal refusal;
        if (thrown instanceof Throwable t) {
            refusal = incidents.answer(t, request.getMethod(), path, origins.address(request));
        } else if (code instanceof Integer status) {
            refusal = Refusal.ofStatus(status);
        } else {
            refusal = Refusal.ofStatus(404); // the error page itself, requested directly
        }
        write(response, refusal, path.startsWith("/api/"));
    }

    private static void write(HttpServletResponse response, Refusal refusal, boolean api) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        response.setStatus(refusal.status());
        byte[] body;
        if (api) {
            response.setContentType(Problem.TYPE);
            body = Problem.json(refusal.status(), refusal.reason());
        } else {
            response.setContentType("text/plain; charset=utf-8");
            body = (refusal.status() + " " + refusal.reason() + "\n").getBytes(StandardCharsets.UTF_8);
        }
        if (refusal.status() == 503) {
            response.setHeader("Retry-After", Incidents.DATABASE_DOWN.equals(refusal.reason())
                    ? String.valueOf(ServiceUnavailable.DATABASE_RETRY_AFTER_SECONDS) : "10");
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
