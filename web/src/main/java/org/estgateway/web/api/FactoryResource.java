// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.api;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Set;
import org.estgateway.ejb.factory.FactoryService;

/**
 * {@code /api/v1/factory-certificates} and {@code /api/v1/trust-anchors}: preregistered factory (IDevID)
 * certificates and the manufacturer CAs they chain to. Changes take effect immediately, with no restart.
 */
@Path("api/v1")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class FactoryResource {
    @EJB
    FactoryService factories;
    @Context
    HttpServletRequest request;
    @Context
    UriInfo uri;

    @POST
    @Path("factory-certificates")
    public Response registerFactory(String body) {
        JsonBody json = JsonBody.parse(body, Set.of("certificate", "commonName"));
        FactoryService.FactoryView v = factories.registerFactory(json.string("certificate"), json.string("commonName"), actor());
        return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(v.id())).build())
                .entity(toJson(v).toString()).type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("factory-certificates")
    @Roles({"admin", "operator", "auditor"})
    public String factories(@QueryParam("commonName") String commonName, @QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        JsonArrayBuilder items = Json.createArrayBuilder();
        factories.factories(commonName, Math.max(0, offset), Math.min(Math.max(1, limit), 1000)).forEach(v -> items.add(toJson(v)));
        return Json.createObjectBuilder().add("items", items).build().toString();
    }

    /** Factory certificates are disabled, not deleted: enrollments refer to them in the audit trail. */
    @DELETE
    @Path("factory-certificates/{id: [0-9]+}")
    public String disableFactory(@PathParam("id") long id) {
        return toJson(factories.disableFactory(id, actor())).toString();
    }

    @POST
    @Path("trust-anchors")
    public Response addAnchor(String body) {
        JsonBody json = JsonBody.parse(body, Set.of("certificate"));
        FactoryService.AnchorView v = factories.addAnchor(json.string("certificate"), actor());
        return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(v.id())).build())
                .entity(toJson(v).toString()).type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("trust-anchors")
    @Roles({"admin", "operator", "auditor"})
    public String anchors() {
        JsonArrayBuilder items = Json.createArrayBuilder();
        factories.anchors().forEach(v -> items.add(toJson(v)));
        return Json.createObjectBuilder().add("items", items).build().toString();
    }

    @DELETE
    @Path("trust-anchors/{id: [0-9]+}")
    public Response removeAnchor(@PathParam("id") long id) {
        factories.removeAnchor(id, actor());
        return Response.noContent().build();
    }

    private String actor() {
        return (String) request.getAttribute(ApiAuthFilter.ACTOR);
    }

    static JsonObject toJson(FactoryService.FactoryView v) {
        return Json.createObjectBuilder().add("id", v.id()).add("commonName", v.commonName()).add("subject", v.subject())
                .add("issuer", v.issuer()).add("serial", v.serialHex()).add("sha256", v.sha256())
                .add("notBefore", v.notBefore()).add("notAfter", v.notAfter()).add("enabled", v.enabled())
                .add("createdBy", v.createdBy()).add("createdAt", v.createdAt()).build();
    }

    static JsonObject toJson(FactoryService.AnchorView v) {
        return Json.createObjectBuilder().add("id", v.id()).add("subject", v.subject()).add("sha256", v.sha256())
                .add("notAfter", v.notAfter()).add("createdBy", v.createdBy()).add("createdAt", v.createdAt()).build();
    }
}
