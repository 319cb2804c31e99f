// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.est;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.estgateway.ejb.ca.CaSigner;
import org.estgateway.ejb.enroll.EnrollmentCommand;
import org.estgateway.ejb.enroll.EnrollmentOutcome;
import org.estgateway.ejb.enroll.EnrollmentService;
import org.estgateway.ejb.enroll.EstOperation;
import org.estgateway.ejb.error.MalformedRequest;
import org.estgateway.ejb.error.NotFound;
import org.estgateway.ejb.error.NotImplemented;
import org.estgateway.ejb.error.PayloadTooLarge;
import org.estgateway.ejb.error.UnsupportedMediaType;
import org.estgateway.ejb.pki.CsrAttrs;

/**
 * RFC 7030 over HTTPS. Thin: checks the HTTP envelope (method, label, media type, size), makes one EJB
 * call, turns the outcome into bytes. Refusals are exceptions mapped by EstExceptionMapper.
 */
@Path(".well-known/est")
@RequestScoped
public class EstResource {
    /** Request body cap: room for post-quantum CSRs (ML-DSA-87 ≈ 7.5 KB DER), far below memory trouble. */
    static final int MAX_BODY = 64 * 1024;
    static final String REALM = "EST";

    @EJB
    EnrollmentService enrollment;
    @EJB
    CaSigner ca;
    @Inject
    RequestCredentials credentials;
    @Context
    HttpHeaders headers;
    @Context
    HttpServletRequest http;

    @GET
    @Path("{path: .+}")
    public Response get(@PathParam("path") String path) {
        EstPath est = resolve(path, "GET");
        return switch (est.operation()) {
            case CACERTS -> EstResponses.base64(EstMediaTypes.PKCS7_MIME, ca.caCerts().der(),
                    EstResponses.layoutFor(headers));
            case CSRATTRS -> csrAttrs();
            default -> throw new IllegalStateException("GET " + est.operation());
        };
    }

    @POST
    @Path("{path: .+}")
    public Response post(@PathParam("path") String path, InputStream body) {
        EstPath est = resolve(path, "POST");
        if (est.operation() == EstOperation.FULLCMC || est.operation() == EstOperation.SERVERKEYGEN) {
            throw new NotImplemented(est.operation().path() + " is not implemented");
        }
        requirePkcs10();
        byte[] bytes = read(body);
        EnrollmentOutcome outcome = enrollment.enroll(new EnrollmentCommand(est.label(), est.operation(),
                credentials.of(http), bytes, REALM));
        http.setAttribute(EstRequestLog.IDENTITY, outcome.identity());
        EnrollmentOutcome.Issued issued = (EnrollmentOutcome.Issued) outcome;
        return EstResponses.base64(EstMediaTypes.CERTS_ONLY, issued.certsOnly().der(), EstResponses.layoutFor(headers));
    }

    private Response csrAttrs() {
        CsrAttrs attrs = CsrAttrs.defaults();
        if (attrs.isEmpty()) {
            return Response.noContent().build();
        }
        return EstResponses.base64(EstMediaTypes.CSRATTRS, attrs.der(), EstResponses.layoutFor(headers));
    }

    private EstPath resolve(String path, String method) {
        EstPath est = EstPath.parse(path, method);
        http.setAttribute(EstRequestLog.OPERATION, est);
        if (est.label() != null) {
            throw new NotFound("unknown EST label '" + printable(est.label()) + "'");
        }
        return est;
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
        long declared = http.getContentLengthLong();
        if (declared > MAX_BODY) {
            throw new PayloadTooLarge("request body exceeds " + MAX_BODY + " bytes");
        }
        try {
            byte[] bytes = body.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new PayloadTooLarge("request body exceeds " + MAX_BODY + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new MalformedRequest("request body could not be read");
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
