// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.approval;

import java.time.Duration;
import java.time.Instant;
import org.estgateway.persistence.approval.ApprovalRequest;

/** An approval request as operators see it: the decoded CSR, who asks, through which handler, how long ago. */
public record ApprovalView(long id, String status, String subject, String san, String keyDescription, String requester,
        String authMethod, String handler, String label, String createdAt, long ageSeconds, String expiresAt,
        String decidedBy, String decidedAt, String reason, Long certificateId, String sourceAddress, boolean delivered,
        int deliveryAttempts, String lastDeliveryError) {

    static ApprovalView of(ApprovalRequest a, Instant now) {
        return new ApprovalView(a.id(), a.effectiveStatus(now), a.subjectDn(), a.san(), a.keyDescription(),
                a.requesterIdentity(), a.authMethod(), a.handler(), a.label(), a.createdAt().toString(),
                Duration.between(a.createdAt(), now).toSeconds(), a.expiresAt().toString(), a.decidedBy(),
                a.decidedAt() == null ? null : a.decidedAt().toString(), a.reason(), a.certificateId(), a.sourceAddress(),
                a.deliveredAt() != null, a.deliveryAttempts(), a.lastDeliveryError());
    }
}
