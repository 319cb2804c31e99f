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
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Set;
import org.estgateway.ejb.ca.CaAdministration;
import org.estgateway.ejb.ca.CaLifecycle;
import org.estgateway.ejb.error.MalformedRequest;
import org.estgateway.ejb.ca.rollover.CaRollover;

/**
 * {@code /api/v1/cas}: the gateway's issuing CAs (admin only). POST creates one, with a key generated here
 * ({@code {"name", "keyType"?, "subject"?}}), imported from a PKCS#12 file ({@code {"name", "pkcs12", "password"}}),
 * or in a PKCS#11 token ({@code {"name", "keyLocation": "pkcs11:...", "existingKey"?, "keyType"?, "subject"?}}).
 * {@code {name}/next-key} and {@code {name}/rollover} roll a CA to a new key (RFC 7030 §4.1.3). No response ever
 * carries a CA key.
 */
@Path("api/v1/cas")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CaResource {
    @EJB
    CaAdministration cas;
    @EJB
    CaLifecycle lifecycle;
    @EJB
    CaRollover rollover;
    @Context
    HttpServletRequest request;
    @Context
    UriInfo uri;

    @GET
    public String list() {
        JsonArrayBuilder items = Json.createArrayBuilder();
        cas.list().forEach(v -> items.add(toJson(v)));
        return Json.createObjectBuilder().add("items", items).build().toString();
    }

    @POST
    public Response create(String body) {
        JsonBody json = JsonBody.parse(body, Set.of("name", "keyType", "subject", "pkcs12", "password", "keyLocation",
                "existingKey"));
        String actor = (String) request.getAttribute(ApiAuthFilter.ACTOR);
        if ((json.has("pkcs12") || json.has("password")) && (json.has("keyLocation") || json.has("existingKey"))) {
            throw new MalformedRequest("give either pkcs12 and password (an imported key) or keyLocation (a key in a "
                    + "PKCS#11 token), not both");
        }
        CaAdministration.CaView v = json.has("pkcs12") || json.has("password")
                ? cas.importPkcs12(json.string("name"), json.string("pkcs12"), json.string("password"), actor)
                : json.has("keyLocation") || json.has("existingKey")
                ? cas.createInToken(json.string("name"), json.string("keyLocation"), json.string("keyType"),
                        json.has("existingKey") ? json.bool("existingKey", false) : null, json.string("subject"), actor)
                : cas.create(json.string("name"), json.string("keyType"), json.string("subject"), actor);
        return Response.created(uri.getAbsolutePathBuilder().path(v.name()).build()).entity(toJson(v).toString())
                .type(MediaType.APPLICATION_JSON).build();
    }

    /**
     * A subordinate CA: {@code {"keyType"?, "subject"}}; the key is generated here, the CA is PENDING, the answer
     * (201) is the CA with its PKCS#10 request as PEM in "csr" (basicConstraints cA requested).
     */
    @POST
    @Path("{name}/csr")
    public Response request(@PathParam("name") String name, String body) {
        JsonBody json = JsonBody.parse(body, Set.of("keyType", "subject", "keyLocation"));
        CaAdministration.CaRequest r = cas.requestSubordinate(name, json.string("keyType"), json.string("subject"),
                json.string("keyLocation"), (String) request.getAttribute(ApiAuthFilter.ACTOR));
        return Response.created(uri.getAbsolutePathBuilder().build()).entity(toJson(r).toString())
                .type(MediaType.APPLICATION_JSON).build();
    }

    /** The request of a pending CA again (e.g. one est.properties declared with ca.&lt;name&gt;.subordinate). */
    @GET
    @Path("{name}/csr")
    public String pendingRequest(@PathParam("name") String name) {
        return toJson(cas.pendingRequest(name)).toString();
    }

    /** The signed chain of a pending CA: PEM certificates, the CA certificate first, then its issuers. */
    @POST
    @Path("{name}/chain")
    @Consumes({"application/pem-certificate-chain", "application/x-pem-file", MediaType.TEXT_PLAIN})
    public String importChain(@PathParam("name") String name, String pem) {
        return toJson(cas.importChain(name, pem, (String) request.getAttribute(ApiAuthFilter.ACTOR))).toString();
    }

    /**
     * The end of a CA: a PENDING CA is deleted with its key file (204); an ACTIVE one is RETIRED (200, the CA): it
     * issues no more, its certificates stay on record, revocable and in its CRL. 409 for 'default' and a CA a
     * procedure names.
     */
    @DELETE
    @Path("{name}")
    public Response remove(@PathParam("name") String name) {
        CaLifecycle.Removal removal = lifecycle.remove(name, (String) request.getAttribute(ApiAuthFilter.ACTOR));
        if (removal == CaLifecycle.Removal.DELETED) {
            return Response.noContent().build();
        }
        CaAdministration.CaView v = cas.list().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
        return Response.ok(toJson(v).toString(), MediaType.APPLICATION_JSON).build();
    }

    /** Step 1 of a rollover: the CA's next key ({@code {"keyType"?}}, default the current key's type); 201. */
    @POST
    @Path("{name}/next-key")
    public Response nextKey(@PathParam("name") String name, String body) {
        JsonBody json = JsonBody.parse(body == null || body.isBlank() ? "{}" : body, Set.of("keyType"));
        CaRollover.GenerationView g = rollover.nextKey(name, json.string("keyType"),
                (String) request.getAttribute(ApiAuthFilter.ACTOR));
        return Response.created(uri.getAbsolutePathBuilder().build()).entity(toJson(g).toString())
                .type(MediaType.APPLICATION_JSON).build();
    }

    /** Step 2: the next key issues from now on; the answer is the new current generation. */
    @POST
    @Path("{name}/rollover")
    public String rollover(@PathParam("name") String name) {
        return toJson(rollover.rollover(name, (String) request.getAttribute(ApiAuthFilter.ACTOR))).toString();
    }

    static JsonObject toJson(CaRollover.GenerationView g) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("ca", g.ca()).add("generation", g.generation())
                .add("state", g.state()).add("keyLocation", g.keyLocation()).add("algorithm", g.algorithm())
                .add("subject", g.subject()).add("sha256", g.sha256()).add("notAfter", g.notAfter())
                .add("daysToExpiry", g.daysToExpiry());
        add(b, "crl", g.crl());
        return b.build();
    }

    private static JsonObject toJson(CaAdministration.CaRequest r) {
        return Json.createObjectBuilder(toJson(r.ca())).add("csr", r.csrPem()).build();
    }

    static JsonObject toJson(CaAdministration.CaView v) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("name", v.name()).add("status", v.status())
                .add("keyLocation", Json.createObjectBuilder().add("kind", v.keyLocationKind()).add("location", v.keyLocation()))
                .add("subordinate", v.subordinate()).add("loaded", v.loadedHere())
                .add("registeredBy", v.registeredBy()).add("registeredAt", v.registeredAt());
        add(b, "algorithm", v.algorithm());
        add(b, "subject", v.subject());
        add(b, "sha256", v.sha256());
        add(b, "notBefore", v.notBefore());
        add(b, "notAfter", v.notAfter());
        if (v.daysToExpiry() != null) {
            b.add("daysToExpiry", v.daysToExpiry());
        }
        b.add("generation", v.generation());
        if (v.nextKey() != null) {
            b.add("nextKey", toJson(v.nextKey()));
        } else {
            b.addNull("nextKey");
        }
        JsonArrayBuilder previous = Json.createArrayBuilder();
        v.previousGenerations().forEach(g -> previous.add(toJson(g)));
        return b.add("previousGenerations", previous).build();
    }

    private static void add(JsonObjectBuilder b, String key, String value) {
        if (value != null) {
            b.add(key, value);
        }
    }
}
