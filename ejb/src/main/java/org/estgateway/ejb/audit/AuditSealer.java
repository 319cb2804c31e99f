// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.audit;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * Seals the audit trail every few seconds: {@code audit_seal()} (db-migrations V5) chains committed rows with
 * SHA-256 in PostgreSQL. Appends never wait for it; {@code audit_verify()} checks the chain (docs/DBA.md).
 */
@Singleton
public class AuditSealer {
    @PersistenceContext(unitName = "est")
    EntityManager em;

    @Schedule(second = "*/2", minute = "*", hour = "*", persistent = false)
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    void seal() {
        em.createNativeQuery("select audit_seal(5000)").getSingleResult();
    }
}
