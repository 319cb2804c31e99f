// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.est;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;
import org.estgateway.ejb.config.EstEnvironment;

/**
 * Applies {@link Admission} to the enrollment requests (every POST under /.well-known/est/): beyond the
 * limit, a request waits in a short bounded queue for a slot, else gets {@code 503 Service Unavailable} with
 * {@code Retry-After} and a short text/plain reason. Nothing was read or stored, so the device simply retries;
 * no request is ever half-done. GETs (cacerts, csrattrs) are cheap and always served.
 */
@WebFilter(urlPatterns = "/.well-known/est/*")
public class EstAdmissionFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(EstAdmissionFilter.class.getName());
    private transient Admission admission;

    @Override
    public void init() {
        admission = new Admission(EstEnvironment.fromSystem().enrollmentLimits());
        LOG.info(() -> "EST enrollments: at most " + admission.limits().concurrent() + " at once and "
                + admission.limits().queue() + " waiting; beyond that 503 with Retry-After");
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"POST".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        if (!admission.enter()) {
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setHeader("Retry-After", Integer.toString(admission.retryAfterSeconds()));
            response.setContentType("text/plain; charset=UTF-8");
            response.getOutputStream().write("server busy: too many enrollments in progress, retry later\n"
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            admission.leave();
        }
    }
}
