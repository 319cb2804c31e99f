// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.estgateway.ejb.crl.CrlPublisher;

/**
 * {@code GET /crl}: the default CA's current CRL; {@code GET /crl/<name>}: the CRL of the named CA {@code name} (each
 * CA's certificates carry their CA's URL as CRL distribution point; a retired CA's CRL stays published). The current CRL, DER (RFC 5280 §5; media type of RFC 2585). Public, like cacerts. */
@Path("crl")
@RequestScoped
public class CrlResource {
    @EJB
    CrlPublisher crl;

    @EJB
    org.estgateway.ejb.ca.CaRegistry cas;

    @GET
    public Response get() {
        return ok(crl.current());
    }

    @GET
    @Path("{name}")
    public Response get(@jakarta.ws.rs.PathParam("name") String name) {
        if (name.equals(org.estgateway.persistence.ca.CaRepository.DEFAULT) || cas.crlIssuer(name).isEmpty()) {
            throw new org.estgateway.ejb.error.NotFound("no CA named '" + name.replaceAll("[^A-Za-z0-9_-]", "?")
                    + "' (the default CA's CRL is /crl)");
        }
        return ok(crl.current(name));
    }

    private static Response ok(byte[] der) {
        return Response.ok(der, "application/pkix-crl").header(HttpHeaders.CONTENT_LENGTH, der.length)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache").build();
    }
}
