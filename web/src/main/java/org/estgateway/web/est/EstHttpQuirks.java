// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.est;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;

/**
 * Two HTTP details of EST that JAX-RS would otherwise get wrong for real clients:
 * <ul>
 * <li>EST resources do not negotiate, so any Accept header is tolerated (SPEC §3): clients send
 * {@code text/plain} or unparsable values, which JAX-RS would answer with 406 or 400;</li>
 * <li>libest compares the enroll Content-Type byte for byte with
 * {@code application/pkcs7-mime; smime-type=certs-only} (with the space), which RESTEasy normalises away.</li>
 * </ul>
 */
@WebFilter(urlPatterns = "/.well-known/est/*")
public class EstHttpQuirks extends HttpFilter {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(new AnyAccept(request), new ExactContentType(response));
    }

    static String exact(String contentType) {
        if (contentType != null && contentType.replace(" ", "").equalsIgnoreCase("application/pkcs7-mime;smime-type=certs-only")) {
            return EstMediaTypes.CERTS_ONLY;
        }
        return contentType;
    }

    private static final class AnyAccept extends HttpServletRequestWrapper {
        AnyAccept(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return "Accept".equalsIgnoreCase(name) ? "*/*" : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return "Accept".equalsIgnoreCase(name) ? Collections.enumeration(java.util.List.of("*/*"))
                    : super.getHeaders(name);
        }
    }

    private static final class ExactContentType extends HttpServletResponseWrapper {
        ExactContentType(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setContentType(String type) {
            String fixed = exact(type);
            if (fixed != null && !fixed.equals(type)) {
                super.setHeader("Content-Type", fixed);
            } else {
                super.setContentType(type);
            }
        }

        @Override
        public void setHeader(String name, String value) {
            super.setHeader(name, "Content-Type".equalsIgnoreCase(name) ? exact(value) : value);
        }

        @Override
        public void addHeader(String name, String value) {
            super.addHeader(name, "Content-Type".equalsIgnoreCase(name) ? exact(value) : value);
        }
    }
}
