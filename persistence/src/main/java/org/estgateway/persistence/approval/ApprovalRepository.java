// SPDX-License-Identifier: Apache-2.0
package org.estgateway.persistence.approval;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class ApprovalRepository {
    @PersistenceContext(unitName = "est")
    EntityManager em;

    /** The newest request with this CSR from this requester. */
    public Optional<ApprovalRequest> latest(String csrSha256, String requesterIdentity) {
        return em.createQuery("select a from ApprovalRequest a where a.csrSha256 = :h and a.requesterIdentity = :r "
                + "order by a.id desc", ApprovalRequest.class).setParameter("h", csrSha256)
                .setParameter("r", requesterIdentity).setMaxResults(1).getResultStream().findFirst();
    }

    public Optional<ApprovalRequest> pendingFor(String requesterIdentity, String handler) {
        return em.createQuery("select a from ApprovalRequest a where a.status = 'PENDING' and a.requesterIdentity = :r "
                + "and a.handler = :h", ApprovalRequest.class).setParameter("r", requesterIdentity)
                .setParameter("h", handler).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultStream().findFirst();
    }

    public Optional<ApprovalRequest> byIdForUpdate(long id) {
        return Optional.ofNullable(em.find(ApprovalRequest.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    public Optional<ApprovalRequest> byId(long id) {
        return Optional.ofNullable(em.find(ApprovalRequest.class, id));
    }

    /** status null: all; "DECIDED": approved and rejected, newest decision first. */
    public List<ApprovalRequest> list(String status, int offset, int limit) {
        String where = status == null ? "" : "DECIDED".equals(status) ? " where a.status in ('APPROVED', 'REJECTED')"
                : " where a.status = :s";
        String order = "DECIDED".equals(status) ? " order by a.decidedAt desc" : " order by a.id";
        var q = em.createQuery("select a from ApprovalRequest a" + where + order, ApprovalRequest.class);
        if (status != null && !"DECIDED".equals(status)) {
            q.setParameter("s", status);
        }
        return q.setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    /** Pending requests of these handlers not yet delivered to their external approval service. */
    public List<Long> undeliveredIds(List<String> handlers, int limit) {
        if (handlers.isEmpty()) {
            return List.of();
        }
        return em.createQuery("select a.id from ApprovalRequest a where a.status = 'PENDING' and a.deliveredAt is null "
                + "and a.handler in :h order by a.id", Long.class).setParameter("h", handlers).setMaxResults(limit)
                .getResultList();
    }

    /** The request, locked, if it is still pending and undelivered and no other node holds it (SKIP LOCKED). */
    public Optional<ApprovalRequest> lockUndelivered(long id) {
        return em.createQuery("select a from ApprovalRequest a where a.id = :id and a.status = 'PENDING' "
                + "and a.deliveredAt is null", ApprovalRequest.class).setParameter("id", id)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint("jakarta.persistence.lock.timeout", -2)
                .getResultStream().findFirst();
    }

    /** Writes pending changes now (a superseded request must leave PENDING before its successor is inserted). */
    public void flush() {
        em.flush();
    }

    public ApprovalRequest add(ApprovalRequest request) {
        em.persist(request);
        em.flush();
        return request;
    }
}
