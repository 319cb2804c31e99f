// SPDX-License-Identifier: Apache-2.0
package org.estgateway.persistence.device;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import org.estgateway.persistence.account.UniqueViolation;

@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class DeviceRepository {
    @PersistenceContext(unitName = "est")
    EntityManager em;

    public Optional<Device> byCommonName(String commonName) {
        return em.createQuery("select d from Device d where d.commonName = :cn", Device.class)
                .setParameter("cn", commonName).getResultStream().findFirst();
    }

    /** Locks the row until commit: a one-time password may be consumed by exactly one enrollment. */
    public Optional<Device> byCommonNameForUpdate(String commonName) {
        return em.createQuery("select d from Device d where d.commonName = :cn", Device.class)
                .setParameter("cn", commonName).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst();
    }

    public Optional<Device> byId(long id) {
        return Optional.ofNullable(em.find(Device.class, id));
    }

    public List<Device> list(int offset, int limit) {
        return em.createQuery("select d from Device d order by d.id", Device.class)
                .setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    /** Search by common name (substring, case-insensitive), enabled and locked state; null filters match all. */
    public List<Device> search(String nameContains, Boolean enabled, Boolean locked, int offset, int limit) {
        StringBuilder jpql = new StringBuilder("select d from Device d where 1 = 1");
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        if (nameContains != null) {
            jpql.append(" and lower(d.commonName) like lower(concat('%', :name, '%'))");
            params.put("name", nameContains);
        }
        if (enabled != null) {
            jpql.append(" and d.enabled = :enabled");
            params.put("enabled", enabled);
        }
        if (locked != null) {
            jpql.append(locked ? " and d.lockedUntil > :now" : " and (d.lockedUntil is null or d.lockedUntil <= :now)");
            params.put("now", java.time.Instant.now());
        }
        var query = em.createQuery(jpql.append(" order by d.id").toString(), Device.class);
        params.forEach(query::setParameter);
        return query.setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    /** Reloads the row under a write lock held until commit. */
    public void refreshForUpdate(Device device) {
        em.refresh(device, LockModeType.PESSIMISTIC_WRITE);
    }

    public Optional<Device> byIdForUpdate(long id) {
        return Optional.ofNullable(em.find(Device.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    public boolean hasCertificates(long deviceId) {
        return any("select c.id from IssuedCertificate c where c.device.id = :d", deviceId);
    }

    public boolean hasApprovalRequests(long deviceId) {
        return any("select a.id from ApprovalRequest a where a.deviceId = :d", deviceId);
    }

    private boolean any(String idQuery, long deviceId) {
        return !em.createQuery(idQuery, Long.class).setParameter("d", deviceId).setMaxResults(1).getResultList().isEmpty();
    }

    public void remove(Device device) {
        em.remove(device);
    }

    public Device add(Device device) {
        em.persist(device);
        em.flush();
        return device;
    }

    /**
     * Inserts the device; empty when its commonName is taken, also by a concurrent insert that committed first
     * (the unique key decides, not an earlier SELECT). The transaction is then marked for rollback: throw.
     */
    public Optional<Device> addUnlessTaken(Device device) {
        try {
            return Optional.of(add(device));
        } catch (PersistenceException e) {
            if (UniqueViolation.of(e, "uq_device_common_name")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Clears the failure count after a proven password with one conditional UPDATE that leaves {@code version}
     * alone: parallel enrollments of one device after a wrong password must not fail on each other with an
     * OptimisticLockException. Writers of other columns lock the row first ({@link #byIdForUpdate}); the loser of
     * a race here blocks on the row lock and then matches no row. The managed entity is reloaded to match.
     */
    public void clearFailures(Device device) {
        int updated = em.createQuery("update Device d set d.failedAttempts = 0, d.lockedUntil = null "
                + "where d.id = :id and (d.failedAttempts > 0 or d.lockedUntil is not null)")
                .setParameter("id", device.id()).executeUpdate();
        if (updated > 0) {
            em.refresh(device);
        }
    }
}
