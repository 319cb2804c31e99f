// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.est;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.estgateway.ejb.ca.CaRegistry;
import org.estgateway.ejb.config.ConfigurationBean;
import org.estgateway.ejb.config.Handler;
import org.estgateway.ejb.config.Procedure;
import org.estgateway.ejb.enroll.EnrollmentCommand;
import org.estgateway.ejb.enroll.EnrollmentOutcome;
import org.estgateway.ejb.enroll.EnrollmentService;
import org.estgateway.ejb.error.MalformedRequest;
import org.estgateway.ejb.error.NotFound;
import org.estgateway.ejb.error.NotImplemented;
import org.estgateway.ejb.error.PayloadTooLarge;
import org.estgateway.ejb.error.UnsupportedMediaType;
import org.estgateway.ejb.pki.Base64Body;
import org.estgateway.ejb.pki.CsrAttrs;

/**
 * RFC 7030 over HTTPS. The path after {@code /.well-known/est/} selects a handler of est.properties (its
 * filter); the handler's format says which operation it performs. Thin: checks the HTTP envelope (handler,
 * method, media type, size), makes one EJB call, turns the outcome into bytes. Refusals are exceptions
 * mapped by EstExceptionMapper.
 */
@Path(".well-known/est")
@RequestScoped
public class EstResource {
    /** Request body cap: room for post-quantum CSRs (ML-DSA-87 ≈ 7.5 KB DER), far below memory trouble. */
    static final int MAX_BODY = 64 * 1024;
    static final long DRAIN_LIMIT = 1024 * 1024;

    @EJB
    EnrollmentService enrollment;
    @EJB
    CaRegistry cas;
    @EJB
    ConfigurationBean configuration;
    @Inject
    RequestCredentials credentials;
    @Context
    HttpHeaders headers;
    @Context
    HttpServletRequest http;

    @GET
    @Path("{path: .+}")
    public Response get(@PathParam("path") String path) {
        Handler handler = resolve(path, "GET");
        return switch (handler.format().operation()) {
            case CACERTS -> EstResponses.base64(EstMediaTypes.PKCS7_MIME, cas.get(handler.procedure().ca()).caCerts().der(), layout());
            case CSRATTRS -> csrAttrs(handler.procedure());
            default -> throw new IllegalStateException("GET " + handler.format());
        };
    }

    @POST
    @Path("{path: .+}")
    public Response post(@PathParam("path") String path, InputStream body) {
        Handler handler = resolve(path, "POST");
        requirePkcs10();
        byte[] bytes = read(body);
        EnrollmentOutcome outcome = enrollment.enroll(new EnrollmentCommand(path, handler,
                credentials.of(http, handler.realm()), bytes));
        http.setAttribute(EstRequestLog.IDENTITY, outcome.identity());
        if (outcome instanceof EnrollmentOutcome.Pending pending) {
            // RFC 7030 §4.2.3: 202 with Retry-After in whole seconds (Bouncy Castle and strongSwan parse integers)
            return Response.accepted().header(HttpHeaders.RETRY_AFTER, pending.retryAfter().toSeconds())
                    .header(HttpHeaders.CONTENT_LENGTH, 0).build();
        }
        if (outcome instanceof EnrollmentOutcome.KeyGenerated generated) {
            return ServerKeygenResponse.of(generated, layout());
        }
        EnrollmentOutcome.Issued issued = (EnrollmentOutcome.Issued) outcome;
        return EstResponses.base64(EstMediaTypes.CERTS_ONLY, issued.certsOnly().der(), layout());
    }

    private Base64Body.Layout layout() {
        return EstResponses.layoutFor(headers);
    }

    private Response csrAttrs(Procedure procedure) {
        CsrAttrs attrs = CsrAttrs.forProcedure(procedure.keyTypes(), procedure.subjectRequired());
        if (attrs.isEmpty()) {
            return Response.noContent().build();
        }
        return EstResponses.base64(EstMediaTypes.CSRATTRS, attrs.der(), layout());
    }

    /** The handler for this path, or 404 (501 for fullcmc, which no handler format offers); 405 for another method. */
    private Handler resolve(String path, String method) {
        http.setAttribute(EstRequestLog.PATH, path);
        Handler handler = configuration.config().match(path).orElseThrow(() -> path.equals("fullcmc")
                || path.endsWith("/fullcmc") ? new NotImplemented("fullcmc is not implemented")
                        : new NotFound("no EST handler for '" + printable(path) + "'"));
        http.setAttribute(EstRequestLog.HANDLER, handler);
        String allowed = handler.format().operation().method();
        if (!allowed.equals(method) && !("HEAD".equals(method) && "GET".equals(allowed))) {
            throw new NotAllowedException(allowed);
        }
        return handler;
    }

    /** RFC 7030 §4.2.1: application/pkcs10, matched case-insensitively, parameters allowed. */
    private void requirePkcs10() {
        String type = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        String bare = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!EstMediaTypes.PKCS10.equals(bare)) {
            throw new UnsupportedMediaType("Content-Type must be application/pkcs10");
        }
    }

    private byte[] read(InputStream body) {
        try {
            if (http.getContentLengthLong() > MAX_BODY) {
                throw tooLarge(body);
            }
            byte[] bytes = body.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw tooLarge(body);
            }
            return bytes;
        } catch (IOException e) {
            throw new MalformedRequest("request body could not be read");
        }
    }

    /**
     * 413, after reading a moderately oversized body to its end: a client still writing when the server answers
     * and closes gets a broken pipe instead of the 413. Beyond {@link #DRAIN_LIMIT} the connection is cut.
     */
    private static PayloadTooLarge tooLarge(InputStream body) throws IOException {
        long skipped = 0;
        byte[] sink = new byte[8192];
        for (int n; skipped < DRAIN_LIMIT && (n = body.read(sink)) > 0; ) {
            skipped += n;
        }
        return new PayloadTooLarge("request body exceeds " + MAX_BODY + " bytes");
    }

    static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
