// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.approval;

import jakarta.ejb.EJB;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.estgateway.ejb.audit.AuditService;
import org.estgateway.ejb.config.EstEnvironment;
import org.estgateway.ejb.config.Handler;
import org.estgateway.persistence.approval.ApprovalRepository;
import org.estgateway.persistence.approval.ApprovalRequest;
import org.estgateway.persistence.audit.AuditEvent;

/** Each delivery in its own transaction: one failing service or decision does not hold up the others. */
@jakarta.ejb.Stateless
public class ApprovalDeliveryWorker {
    @Inject
    org.estgateway.ejb.metrics.EstMetrics metrics;
    private static final Logger LOG = Logger.getLogger(ApprovalDeliveryWorker.class.getName());

    @Inject
    ApprovalRepository approvals;
    @Inject
    AuditService audit;
    @EJB
    ApprovalService decisions;

    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public List<Long> undelivered(List<String> handlers) {
        return approvals.undeliveredIds(handlers, 50);
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void deliverOne(long id, Map<String, Handler> external) {
        ApprovalRequest request = approvals.lockUndelivered(id).orElse(null);
        if (request == null || request.expiredAt(Instant.now())) {
            return; // decided, delivered or being delivered by another node meanwhile
        }
        Handler handler = external.get(request.handler());
        HttpResponse<String> answer;
        try {
            answer = IdmClient.post(handler.idm().get(), EstEnvironment.fromSystem().dataDir(), ApprovalDelivery.json(request).toString());
        } catch (Exception e) {
            request.deliveryFailed(e.getClass().getSimpleName() + ": " + e.getMessage());
            metrics.deliveryFailed(request.handler()); // est_approval_delivery_failures_total
            LOG.fine(() -> "approval request " + id + " not delivered yet: " + e.getMessage());
            return;
        }
        if (answer.statusCode() / 100 != 2) {
            request.deliveryFailed("HTTP " + answer.statusCode());
            metrics.deliveryFailed(request.handler());
            return;
        }
        request.delivered(Instant.now());
        audit.record(new AuditEvent.Fields("APPROVAL_DELIVERED", "SUCCESS", "system", "NONE", null, request.label(),
                request.subjectDn(), null, answer.statusCode(), "request " + id + " to "
                        + handler.idm().get().requestUrl(), request.handler(), handler.procedure().ca()));
        decide(request, answer.body());
    }

    /** A synchronous decision in the service's answer, if it gave one; otherwise it calls back later. */
    private void decide(ApprovalRequest request, String body) {
        if (body == null || body.isBlank()) {
            return;
        }
        JsonObject answer;
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            answer = reader.readObject();
        } catch (RuntimeException e) {
            return;
        }
        String decision = answer.getString("decision", "");
        if (decision.equals("approve")) {
            decisions.approve(request.id(), ApprovalDelivery.SERVICE_ACTOR);
        } else if (decision.equals("reject")) {
            decisions.reject(request.id(), answer.getString("reason", "rejected by the approval service"), ApprovalDelivery.SERVICE_ACTOR);
        }
    }
}
