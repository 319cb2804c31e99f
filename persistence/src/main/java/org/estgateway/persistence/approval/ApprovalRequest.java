// SPDX-License-Identifier: Apache-2.0
package org.estgateway.persistence.approval;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** An enrollment request waiting for, or decided by, an operator or an external approval service. */
@Entity
@Table(name = "approval_request")
public class ApprovalRequest {
    public static final String PENDING = "PENDING";
    public static final String APPROVED = "APPROVED";
    public static final String REJECTED = "REJECTED";
    public static final String SUPERSEDED = "SUPERSEDED";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(nullable = false, updatable = false)
    private String handler;
    @Column(updatable = false)
    private String label;
    @Column(name = "csr_der", nullable = false, updatable = false)
    private byte[] csrDer;
    @Column(name = "csr_sha256", nullable = false, updatable = false)
    private String csrSha256;
    @Column(name = "requester_identity", nullable = false, updatable = false)
    private String requesterIdentity;
    @Column(name = "auth_method", nullable = false, updatable = false)
    private String authMethod;
    @Column(name = "device_id", updatable = false)
    private Long deviceId;
    @Column(name = "subject_dn", nullable = false, updatable = false)
    private String subjectDn;
    @Column(updatable = false)
    private String san;
    @Column(name = "key_description", nullable = false, updatable = false)
    private String keyDescription;
    @Column(name = "source_address", updatable = false)
    private String sourceAddress;
    @Column(nullable = false)
    private String status = PENDING;
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;
    @Column(name = "expires_at", nullable = false, updatable = false)
    private Instant expiresAt;
    @Column(name = "decided_by")
    private String decidedBy;
    @Column(name = "decided_at")
    private Instant decidedAt;
    @Column
    private String reason;
    @Column(name = "certificate_id")
    private Long certificateId;
    @Column(name = "delivered_at")
    private Instant deliveredAt;
    @Column(name = "delivery_attempts", nullable = false)
    private int deliveryAttempts;
    @Column(name = "last_delivery_error")
    private String lastDeliveryError;
    @Version
    private long version;

    protected ApprovalRequest() {
    }

    /** What the request asks for, decoded when it arrived. */
    public record Content(String handler, String label, byte[] csrDer, String csrSha256, String requesterIdentity,
            String authMethod, Long deviceId, String subjectDn, String san, String keyDescription, String sourceAddress) {
    }

    public ApprovalRequest(Content c, Instant now, Instant expiresAt) {
        this.handler = c.handler();
        this.label = c.label();
        this.csrDer = c.csrDer();
        this.csrSha256 = c.csrSha256();
        this.requesterIdentity = c.requesterIdentity();
        this.authMethod = c.authMethod();
        this.deviceId = c.deviceId();
        this.subjectDn = c.subjectDn();
        this.san = c.san();
        this.keyDescription = c.keyDescription();
        this.sourceAddress = c.sourceAddress();
        this.createdAt = now;
        this.expiresAt = expiresAt;
    }

    public Long id() { return id; }
    public String handler() { return handler; }
    public String label() { return label; }
    public byte[] csrDer() { return csrDer.clone(); }
    public String csrSha256() { return csrSha256; }
    public String requesterIdentity() { return requesterIdentity; }
    public String authMethod() { return authMethod; }
    public Long deviceId() { return deviceId; }
    public String subjectDn() { return subjectDn; }
    public String san() { return san; }
    public String keyDescription() { return keyDescription; }
    public String sourceAddress() { return sourceAddress; }
    public String status() { return status; }
    public Instant createdAt() { return createdAt; }
    public Instant expiresAt() { return expiresAt; }
    public String decidedBy() { return decidedBy; }
    public Instant decidedAt() { return decidedAt; }
    public String reason() { return reason; }
    public Long certificateId() { return certificateId; }
    public Instant deliveredAt() { return deliveredAt; }
    public int deliveryAttempts() { return deliveryAttempts; }
    public String lastDeliveryError() { return lastDeliveryError; }

    public boolean expiredAt(Instant now) {
        return PENDING.equals(status) && !expiresAt.isAfter(now);
    }

    /** PENDING, APPROVED, REJECTED, SUPERSEDED, or EXPIRED (a pending request past its time). */
    public String effectiveStatus(Instant now) {
        return expiredAt(now) ? "EXPIRED" : status;
    }

    public void approve(String by, Instant at, long certificateId) {
        this.status = APPROVED;
        this.decidedBy = by;
        this.decidedAt = at;
        this.certificateId = certificateId;
    }

    public void reject(String by, Instant at, String reason) {
        this.status = REJECTED;
        this.decidedBy = by;
        this.decidedAt = at;
        this.reason = reason;
    }

    public void supersede(Instant at) {
        this.status = SUPERSEDED;
        this.decidedBy = "system";
        this.decidedAt = at;
        this.reason = "superseded by a newer request of the same requester";
    }

    public void delivered(Instant at) {
        this.deliveredAt = at;
        this.deliveryAttempts++;
        this.lastDeliveryError = null;
    }

    public void deliveryFailed(String error) {
        this.deliveryAttempts++;
        this.lastDeliveryError = error;
    }
}
