// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.estgateway.ejb.crl.CrlPublisher;

/** {@code GET /crl}: the current CRL, DER (RFC 5280 §5; media type of RFC 2585). Public, like cacerts. */
@Path("crl")
@RequestScoped
public class CrlResource {
    @EJB
    CrlPublisher crl;

    @GET
    public Response get() {
        byte[] der = crl.current();
        return Response.ok(der, "application/pkix-crl").header(HttpHeaders.CONTENT_LENGTH, der.length)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache").build();
    }
}
