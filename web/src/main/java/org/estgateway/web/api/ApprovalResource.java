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
import org.estgateway.ejb.approval.ApprovalService;
import org.estgateway.ejb.approval.ApprovalView;

/** {@code /api/v1/approvals}: pending enrollment requests and operators' decisions (SPEC §8). */
@Path("api/v1/approvals")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Roles({"admin", "operator"})
public class ApprovalResource {
    @EJB
    ApprovalService approvals;
    @Context
    HttpServletRequest request;

    /** {@code status}: PENDING (not expired), APPROVED, REJECTED, SUPERSEDED, DECIDED (approved or rejected, newest first). */
    @GET
    @Roles({"admin", "operator", "auditor"})
    public String list(@QueryParam("status") String status, @QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        JsonArrayBuilder items = Json.createArrayBuilder();
        approvals.list(status, Math.max(0, offset), Math.min(Math.max(1, limit), 1000)).forEach(v -> items.add(toJson(v)));
        return Json.createObjectBuilder().add("items", items).build().toString();
    }

    @GET
    @Path("{id: [0-9]+}")
    @Roles({"admin", "operator", "auditor"})
    public String get(@PathParam("id") long id) {
        return toJson(approvals.get(id)).toString();
    }

    @POST
    @Path("{id: [0-9]+}/approve")
    public String approve(@PathParam("id") long id) {
        return toJson(approvals.approve(id, actor())).toString();
    }

    @POST
    @Path("{id: [0-9]+}/reject")
    public String reject(@PathParam("id") long id, String body) {
        JsonBody json = JsonBody.parse(body, Set.of("reason"));
        return toJson(approvals.reject(id, json.string("reason"), actor())).toString();
    }

    private String actor() {
        return (String) request.getAttribute(ApiAuthFilter.ACTOR);
    }

    static JsonObject toJson(ApprovalView v) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("id", v.id()).add("status", v.status())
                .add("subject", v.subject()).add("keyType", v.keyDescription()).add("requester", v.requester())
                .add("authMethod", v.authMethod()).add("handler", v.handler()).add("createdAt", v.createdAt())
                .add("ageSeconds", v.ageSeconds()).add("expiresAt", v.expiresAt()).add("delivered", v.delivered())
                .add("deliveryAttempts", v.deliveryAttempts());
        Json2.optional(b, "san", v.san());
        Json2.optional(b, "label", v.label());
        Json2.optional(b, "decidedBy", v.decidedBy());
        Json2.optional(b, "decidedAt", v.decidedAt());
        Json2.optional(b, "reason", v.reason());
        Json2.optional(b, "sourceAddress", v.sourceAddress());
        Json2.optional(b, "lastDeliveryError", v.lastDeliveryError());
        if (v.certificateId() != null) {
            b.add("certificateId", v.certificateId());
        }
        return b.build();
    }
}
