// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.api;

import jakarta.ejb.EJB;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
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

    @GET
    public String list(@QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        JsonArrayBuilder items = Json.createArrayBuilder();
        devices.list(Math.max(0, offset), Math.min(Math.max(1, limit), 1000)).forEach(v -> items.add(toJson(v)));
        return Json.createObjectBuilder().add("items", items).build().toString();
    }

    @GET
    @Path("{id: [0-9]+}")
    public String get(@PathParam("id") long id) {
        return toJson(devices.get(id)).toString();
    }

    private String actor() {
        return (String) request.getAttribute(ApiAuthFilter.ACTOR);
    }

    static JsonObject toJson(DeviceService.View v) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("id", v.id()).add("commonName", v.commonName())
                .add("enabled", v.enabled()).add("hasPassword", v.hasPassword()).add("oneTime", v.oneTime())
                .add("createdAt", v.createdAt()).add("createdBy", v.createdBy());
        if (v.serialNumber() != null) {
            b.add("serialNumber", v.serialNumber());
        }
        if (v.ipAddress() != null) {
            b.add("ipAddress", v.ipAddress());
        }
        if (v.dnsName() != null) {
            b.add("dnsName", v.dnsName());
        }
        return b.build();
    }
}
