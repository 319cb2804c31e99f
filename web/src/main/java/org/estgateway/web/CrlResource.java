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
 * CA's certificates carry their CA's URL as CRL distribution point; a retired CA's CRL stays published; after a rollover, certificates of key generation n
 * carry /crl/&lt;name&gt;/n). The current CRL, DER (RFC 5280 §5; media type of RFC 2585). Public, like cacerts. */
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

    /**
     * {@code GET /crl/<name>/<generation>}: the CRL of one key generation of a rolled CA (RFC 7030 §4.1.3 rollover),
     * the distribution point of the certificates that generation signed ({@code /crl/default/2} for the default CA);
     * 404 with the reason once that generation's CA certificate has expired.
     */
    @GET
    @Path("{name}/{generation}")
    public Response get(@jakarta.ws.rs.PathParam("name") String name, @jakarta.ws.rs.PathParam("generation") String generation) {
        if (!generation.matches("[1-9][0-9]{0,3}")) {
            throw new org.estgateway.ejb.error.NotFound("not a key generation: use /crl/<name>/<number>");
        }
        return ok(crl.current(name, Integer.parseInt(generation)));
    }

    private static Response ok(byte[] der) {
        return Response.ok(der, "application/pkix-crl").header(HttpHeaders.CONTENT_LENGTH, der.length)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache").build();
    }
}
