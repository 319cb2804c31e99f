// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.audit;

import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.estgateway.ejb.database.DatabaseAvailability;

/**
 * Seals the audit trail every few seconds: {@code audit_seal()} (db-migrations V5) chains committed rows with
 * SHA-256 in PostgreSQL. Appends never wait for it; {@code audit_verify()} checks the chain (docs/DBA.md).
 * While the database is down a tick is skipped (the timer is non-persistent and stays scheduled); a tick that
 * succeeds tells {@link DatabaseAvailability} the database is back.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN) // tick() calls seal() through the container; a timer never overlaps itself
public class AuditSealer {
    @PersistenceContext(unitName = "est")
    EntityManager em;
    @EJB
    DatabaseAvailability availability;
    @Resource
    SessionContext context;

    @Schedule(second = "*/2", minute = "*", hour = "*", persistent = false)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void tick() {
        // through the container, so the seal has committed here; an outage throws and DatabaseOutageInterceptor
        // skips the tick
        context.getBusinessObject(AuditSealer.class).seal();
        availability.available();
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void seal() {
        em.createNativeQuery("select audit_seal(5000)").getSingleResult();
    }
}
