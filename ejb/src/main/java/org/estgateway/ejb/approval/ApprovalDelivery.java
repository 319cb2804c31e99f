// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.approval;

import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.estgateway.ejb.config.ConfigurationBean;
import org.estgateway.ejb.config.Handler;
import org.estgateway.persistence.approval.ApprovalRequest;

/**
 * Pushes new pending requests of handlers with {@code idm.requestUrl} to their external approval service,
 * over mutual TLS, and retries every few seconds until the service accepts (2xx): a service that is down
 * loses nothing, and the request stays pending meanwhile. The service decides either in its answer
 * ({@code {"decision": "approve" | "reject", "reason": "..."}}) or later through the approvals API
 * (callback: {@code POST /api/v1/approvals/{id}/approve}) with an operator account, e.g. its client
 * certificate mapped to one. Rows being delivered are locked with SKIP LOCKED, so several nodes share the work.
 * A database outage skips a tick (DatabaseOutageInterceptor; the timer is non-persistent and stays scheduled).
 */
@Singleton
public class ApprovalDelivery {
    static final String SERVICE_ACTOR = "idm-service";

    @EJB
    ConfigurationBean configuration;
    @EJB
    ApprovalDeliveryWorker worker;

    @Schedule(second = "*/3", minute = "*", hour = "*", persistent = false)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void deliver() {
        Map<String, Handler> external = configuration.config().handlers().stream().filter(h -> h.idm().isPresent())
                .collect(Collectors.toMap(Handler::id, Function.identity()));
        if (external.isEmpty()) {
            return;
        }
        for (long id : worker.undelivered(List.copyOf(external.keySet()))) {
            worker.deliverOne(id, external);
        }
    }

    static JsonObject json(ApprovalRequest r) {
        var b = Json.createObjectBuilder().add("id", r.id()).add("handler", r.handler()).add("subject", r.subjectDn())
                .add("keyType", r.keyDescription()).add("requester", r.requesterIdentity()).add("authMethod", r.authMethod())
                .add("createdAt", r.createdAt().toString()).add("expiresAt", r.expiresAt().toString())
                .add("csr", Base64.getEncoder().encodeToString(r.csrDer()))
                .add("approveUrl", "/api/v1/approvals/" + r.id() + "/approve")
                .add("rejectUrl", "/api/v1/approvals/" + r.id() + "/reject");
        if (r.label() != null) {
            b.add("label", r.label());
        }
        if (r.san() != null) {
            b.add("san", r.san());
        }
        return b.build();
    }
}
