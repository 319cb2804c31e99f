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
    /** The node (EST_NODE_NAME) that wrote the row; NULL in rows written before nodes had names. */
    @Column(updatable = false)
    private String node;
    /** The CA the event is about (V14); NULL for events without a CA and in rows written before. */
    @Column(updatable = false)
    private String ca;

    protected AuditEvent() {
    }

    /** The fields of one event; null where not applicable. {@code ca}: the CA the event is about (part of the hash). */
    public record Fields(String eventType, String outcome, String actor, String authMethod, String sourceAddress,
            String label, String subject, String serialHex, Integer httpStatus, String reason, String handler,
            String ca) {
        public Fields(String eventType, String outcome, String actor, String authMethod, String sourceAddress,
                String label, String subject, String serialHex, Integer httpStatus, String reason, String handler) {
            this(eventType, outcome, actor, authMethod, sourceAddress, label, subject, serialHex, httpStatus, reason,
                    handler, null);
        }

        public Fields(String eventType, String outcome, String actor, String authMethod, String sourceAddress,
                String label, String subject, String serialHex, Integer httpStatus, String reason) {
            this(eventType, outcome, actor, authMethod, sourceAddress, label, subject, serialHex, httpStatus, reason,
                    null, null);
        }

        /** The same event about the CA {@code name}. */
        public Fields withCa(String name) {
            return new Fields(eventType, outcome, actor, authMethod, sourceAddress, label, subject, serialHex,
                    httpStatus, reason, handler, name);
        }
    }

    /** An event written by the node {@code node} (its name is part of the row's hash in the audit chain). */
    public static AuditEvent of(Fields f, String node) {
        AuditEvent e = of(f);
        e.node = storable(node, SHORT_TEXT);
        return e;
    }

    public static AuditEvent of(Fields f) {
        AuditEvent e = new AuditEvent();
        e.occurredAt = Instant.now();
        e.eventType = f.eventType();
        e.outcome = f.outcome();
        e.actor = storable(f.actor(), SHORT_TEXT);
        e.authMethod = f.authMethod();
        e.sourceAddress = storable(f.sourceAddress(), SHORT_TEXT);
        e.label = storable(f.label(), SHORT_TEXT);
        e.subject = storable(f.subject(), SUBJECT_TEXT);
        e.serialHex = storable(f.serialHex(), SHORT_TEXT);
        e.httpStatus = f.httpStatus();
        e.reason = storable(f.reason(), REASON_TEXT);
        e.handler = storable(f.handler(), SHORT_TEXT);
        e.ca = storable(f.ca(), SHORT_TEXT);
        return e;
    }

    /** Longest texts kept: the subject is indexed (a B-tree entry must stay well under 2,700 bytes). */
    static final int SHORT_TEXT = 255;
    static final int SUBJECT_TEXT = 1024;
    static final int REASON_TEXT = 1024;

    /**
     * An audit event must be writable whatever a request carried: the callers validate what they accept, and
     * this is the backstop for what they refuse (a refusal is audited with what was claimed). PostgreSQL text
     * cannot hold NUL, and an oversized value would fail the insert, so the refusal would become a 500.
     */
    static String storable(String value, int max) {
        if (value == null) {
            return null;
        }
        String cut = value.length() > max ? value.substring(0, max) + "..." : value;
        return cut.indexOf('\u0000') < 0 ? cut : cut.replace('\u0000', '\uFFFD');
    }

    public Long id() { return id; }

    public String node() { return node; }

    public String ca() { return ca; }
}
