// SPDX-License-Identifier: Apache-2.0
package org.estgateway.persistence.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An append-only audit row; the database refuses UPDATE and DELETE on this table. */
@Entity
@Table(name = "audit_event")
public class AuditEvent {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "occurred_at", nullable = false, updatable = false)
    private Instant occurredAt;
    @Column(name = "event_type", nullable = false, updatable = false)
    private String eventType;
    @Column(nullable = false, updatable = false)
    private String outcome;
    @Column(updatable = false)
    private String actor;
    @Column(name = "auth_method", updatable = false)
    private String authMethod;
    @Column(name = "source_address", updatable = false)
    private String sourceAddress;
    @Column(updatable = false)
    private String label;
    @Column(updatable = false)
    private String subject;
    @Column(name = "serial_hex", updatable = false)
    private String serialHex;
    @Column(name = "http_status", updatable = false)
    private Integer httpStatus;
    @Column(updatable = false)
    private String reason;
    @Column(updatable = false)
    private String handler;

    protected AuditEvent() {
    }

    /** The fields of one event; null where not applicable. */
    public record Fields(String eventType, String outcome, String actor, String authMethod, String sourceAddress,
            String label, String subject, String serialHex, Integer httpStatus, String reason, String handler) {
        public Fields(String eventType, String outcome, String actor, String authMethod, String sourceAddress,
                String label, String subject, String serialHex, Integer httpStatus, String reason) {
            this(eventType, outcome, actor, authMethod, sourceAddress, label, subject, serialHex, httpStatus, reason,
                    null);
        }
    }

    public static AuditEvent of(Fields f) {
        AuditEvent e = new AuditEvent();
        e.occurredAt = Instant.now();
        e.eventType = f.eventType();
        e.outcome = f.outcome();
        e.actor = f.actor();
        e.authMethod = f.authMethod();
        e.sourceAddress = f.sourceAddress();
        e.label = f.label();
        e.subject = f.subject();
        e.serialHex = f.serialHex();
        e.httpStatus = f.httpStatus();
        e.reason = f.reason();
        e.handler = f.handler();
        return e;
    }

    public Long id() { return id; }
}
