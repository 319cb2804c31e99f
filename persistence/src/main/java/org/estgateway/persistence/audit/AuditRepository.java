// SPDX-License-Identifier: Apache-2.0
package org.estgateway.persistence.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class AuditRepository {
    @PersistenceContext(unitName = "est")
    EntityManager em;

    public void append(AuditEvent event) {
        em.persist(event);
    }
}
