// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.api;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.estgateway.ejb.account.AccountService;

/**
 * {@code /api/v1/accounts}: named accounts and their role (admin, operator, auditor), authenticating with a
 * password (HTTP Basic) and/or a client certificate mapped to the account.
 */
@Path("api/v1/accounts")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {
    @EJB
    AccountService accounts;
    @Context
    HttpServletRequest request;

    @POST
    public Response create(String body) {
        JsonBody json = JsonBody.parse(body, Set.of("username", "password", "role", "certificate"));
        AccountService.View v = accounts.create(json.string("username"), json.string("password"), json.string("role"),
                json.string("certificate"), actor());
        return Response.status(201).entity(toJson(v).toString()).type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Roles({"admin", "auditor"})
    public String list() {
        JsonArrayBuilder items = Json.createArrayBuilder();
        accounts.list().forEach(v -> items.add(toJson(v)));
        return Json.createObjectBuilder().add("items", items).build().toString();
    }

    /** Changes role, enabled state and/or password: {@code {"role": "operator", "enabled": false}}. */
    @POST
    @Path("{username}")
    public String update(@PathParam("username") String username, String body) {
        JsonBody json = JsonBody.parse(body, Set.of("role", "enabled", "password"));
        Boolean enabled = json.has("enabled") ? json.bool("enabled", true) : null;
        return toJson(accounts.update(username, json.string("role"), enabled, json.string("password"), actor())).toString();
    }

    /** Lifts a lockout after repeated wrong passwords (and clears the failure count). */
    @POST
    @Path("{username}/unlock")
    public String unlock(@PathParam("username") String username) {
        return toJson(accounts.unlock(username, actor())).toString();
    }

    private String actor() {
        return (String) request.getAttribute(ApiAuthFilter.ACTOR);
    }

    static JsonObject toJson(AccountService.View v) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("id", v.id()).add("username", v.username())
                .add("role", v.role()).add("enabled", v.enabled()).add("hasPassword", v.hasPassword())
                .add("createdAt", v.createdAt()).add("failedAttempts", v.failedAttempts())
                .add("locked", v.lockedUntil() != null);
        Json2.optional(b, "certificateSha256", v.certificateSha256());
        Json2.optional(b, "createdBy", v.createdBy());
        Json2.optional(b, "lockedUntil", v.lockedUntil());
        return b.build();
    }
}
