// SPDX-License-Identifier: Apache-2.0
package org.estgateway.persistence.device;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

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

    public Device add(Device device) {
        em.persist(device);
        em.flush();
        return device;
    }
}
