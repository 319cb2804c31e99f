// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.audit;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.estgateway.ejb.node.NodeName;
import org.estgateway.persistence.audit.AuditEvent;
import org.estgateway.persistence.audit.AuditRepository;

/**
 * Writes audit events. {@link #record} runs in the caller's transaction (the event commits with what it
 * describes); {@link #recordAlone} in its own, so that refusals are audited although their transaction
 * rolls back. Every event carries the name of the node that writes it (EST_NODE_NAME).
 */
@Stateless
public class AuditService {
    @Inject
    AuditRepository audit;

    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void record(AuditEvent.Fields fields) {
        audit.append(AuditEvent.of(fields, NodeName.current().value()));
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void recordAlone(AuditEvent.Fields fields) {
        audit.append(AuditEvent.of(fields, NodeName.current().value()));
    }
}
