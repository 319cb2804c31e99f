// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.api;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
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
import java.util.List;
import java.util.Set;
import org.estgateway.ejb.device.DeviceImport;
import org.estgateway.ejb.device.DeviceService;

/** {@code /api/v1/devices}: preregistration of devices for HTTP-authenticated enrollment (SPEC §10). */
@Path("api/v1/devices")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class DeviceResource {
    private static final Set<String> MEMBERS = Set.of("commonName", "password", "oneTime", "serialNumber",
            "ipAddress", "dnsName");

    @EJB
    DeviceService devices;
    @EJB
    DeviceImport importer;
    @Context
    HttpServletRequest request;
    @Context
    UriInfo uri;

    @POST
    public Response create(String body) {
        JsonBody json = JsonBody.parse(body, MEMBERS);
        DeviceService.View view = devices.register(new DeviceService.Registration(json.string("commonName"),
                json.string("password"), json.bool("oneTime", false), json.string("serialNumber"),
                json.string("ipAddress"), json.string("dnsName")), actor());
        return Response.created(uri.getAbsolutePathBuilder().path(Long.toString(view.id())).build())
                .entity(toJson(view).toString()).type(MediaType.APPLICATION_JSON).build();
    }

    /** Bulk preregistration: one device per CSV line; the report says, line by line, what was created or why not. */
    @POST
    @Path("import")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    public Response importCsv(String csv) {
        List<DeviceImport.Line> lines = importer.importCsv(csv == null ? "" : csv, actor());
        JsonArrayBuilder items = Json.createArrayBuilder();
        for (DeviceImport.Line l : lines) {
            JsonObjectBuilder b = Json.createObjectBuilder().add("line", l.line()).add("commonName", l.commonName())
                    .add("status", l.created() ? "created" : "refused");
            if (l.id() != null) {
                b.add("id", l.id());
            }
            if (l.reason() != null) {
                b.add("reason", l.reason());
            }
            items.add(b);
        }
        long created = lines.stream().filter(DeviceImport.Line::created).count();
        return Response.ok(Json.createObjectBuilder().add("created", created).add("refused", lines.size() - created)
                .add("lines", items).build().toString(), MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Roles({"admin", "operator", "auditor"})
    public String search(@QueryParam("name") String name, @QueryParam("enabled") Boolean enabled,
            @QueryParam("locked") Boolean locked, @QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        JsonArrayBuilder items = Json.createArrayBuilder();
        devices.search(name, enabled, locked, Math.max(0, offset), Math.min(Math.max(1, limit), 1000))
                .forEach(v -> items.add(toJson(v)));
        return Json.createObjectBuilder().add("items", items).build().toString();
    }

    @GET
    @Path("{id: [0-9]+}")
    @Roles({"admin", "operator", "auditor"})
    public String get(@PathParam("id") long id) {
        return toJson(devices.get(id)).toString();
    }

    @POST
    @Path("{id: [0-9]+}/disable")
    public String disable(@PathParam("id") long id) {
        return toJson(devices.setEnabled(id, false, actor())).toString();
    }

    @POST
    @Path("{id: [0-9]+}/enable")
    public String enable(@PathParam("id") long id) {
        return toJson(devices.setEnabled(id, true, actor())).toString();
    }

    /** Sets a new password ({@code {"password": "...", "oneTime": false}}) and clears any lock. */
    @POST
    @Path("{id: [0-9]+}/password")
    public String password(@PathParam("id") long id, String body) {
        JsonBody json = JsonBody.parse(body, Set.of("password", "oneTime"));
        return toJson(devices.setPassword(id, json.string("password"), json.bool("oneTime", false), actor())).toString();
    }

    @POST
    @Path("{id: [0-9]+}/unlock")
    public String unlock(@PathParam("id") long id) {
        return toJson(devices.unlock(id, actor())).toString();
    }

    @DELETE
    @Path("{id: [0-9]+}")
    public Response delete(@PathParam("id") long id) {
        devices.delete(id, actor());
        return Response.noContent().build();
    }

    private String actor() {
        return (String) request.getAttribute(ApiAuthFilter.ACTOR);
    }

    static JsonObject toJson(DeviceService.View v) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("id", v.id()).add("commonName", v.commonName())
                .add("enabled", v.enabled()).add("hasPassword", v.hasPassword()).add("oneTime", v.oneTime())
                .add("createdAt", v.createdAt()).add("createdBy", v.createdBy())
                .add("failedAttempts", v.failedAttempts()).add("locked", v.lockedUntil() != null);
        Json2.optional(b, "serialNumber", v.serialNumber());
        Json2.optional(b, "ipAddress", v.ipAddress());
        Json2.optional(b, "dnsName", v.dnsName());
        Json2.optional(b, "lockedUntil", v.lockedUntil());
        return b.build();
    }
}
