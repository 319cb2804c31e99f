// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.api;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import org.estgateway.ejb.certificate.CertificateService;

/**
 * {@code /api/v1/certificates}: search, revocation (RFC 5280 reasons), officer roles for RA mode. A serial is unique
 * per CA only: {@code ?ca=<name>} selects the CA's certificate; without it the serial must be unique (409 otherwise).
 */
@Path("api/v1/certificates")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CertificateResource {
    @EJB
    CertificateService certificates;
    @Context
    HttpServletRequest request;

    @GET
    @Roles({"admin", "operator", "auditor"})
    public String search(@QueryParam("subject") String subject, @QueryParam("serial") String serial,
            @QueryParam("device") Long device, @QueryParam("status") String status,
            @QueryParam("issuedAfter") String issuedAfter, @QueryParam("issuedBefore") String issuedBefore,
            @QueryParam("ca") String ca,
            @QueryParam("offset") @DefaultValue("0") int offset, @QueryParam("limit") @DefaultValue("100") int limit) {
        JsonArrayBuilder items = Json.createArrayBuilder();
        certificates.search(subject, serial, device, status, issuedAfter, issuedBefore, ca, Math.max(0, offset),
                Math.min(Math.max(1, limit), 1000)).forEach(v -> items.add(toJson(v)));
        return Json.createObjectBuilder().add("items", items).build().toString();
    }

    @GET
    @Path("{serial}")
    @Roles({"admin", "operator", "auditor"})
    public String get(@PathParam("serial") String serial, @QueryParam("ca") String ca) {
        return toJson(certificates.get(serial, ca)).toString();
    }

    @POST
    @Path("{serial}/revoke")
    public String revoke(@PathParam("serial") String serial, @QueryParam("ca") String ca, String body) {
        JsonBody json = JsonBody.parse(body == null || body.isBlank() ? "{}" : body, Set.of("reason"));
        return toJson(certificates.revoke(serial, ca, json.string("reason"), actor())).toString();
    }

    @POST
    @Path("{serial}/roles")
    public String grantRole(@PathParam("serial") String serial, @QueryParam("ca") String ca, String body) {
        JsonBody json = JsonBody.parse(body, Set.of("role"));
        return toJson(certificates.grantRole(serial, ca, json.string("role"), actor())).toString();
    }

    private String actor() {
        return (String) request.getAttribute(ApiAuthFilter.ACTOR);
    }

    static JsonObject toJson(CertificateService.View v) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("serial", v.serialHex()).add("subject", v.subject())
                .add("issuer", v.issuer()).add("notBefore", v.notBefore()).add("notAfter", v.notAfter())
                .add("sha256", v.sha256()).add("ca", v.ca()).add("status", v.status()).add("deviceId", v.deviceId())
                .add("device", v.device()).add("operation", v.operation()).add("authMethod", v.authMethod())
                .add("authIdentity", v.authIdentity()).add("issuedAt", v.issuedAt())
                .add("roles", Json.createArrayBuilder(v.roles())).add("pem", v.pem());
        Json2.optional(b, "san", v.san());
        Json2.optional(b, "revokedAt", v.revokedAt());
        Json2.optional(b, "revocationReason", v.revocationReason());
        Json2.optional(b, "handler", v.handler());
        Json2.optional(b, "label", v.label());
        Json2.optional(b, "renewedFrom", v.renewedFromSerial());
        return b.build();
    }
}
