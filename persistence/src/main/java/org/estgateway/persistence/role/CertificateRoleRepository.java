// SPDX-License-Identifier: Apache-2.0
package org.estgateway.persistence.role;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Set;
import java.util.stream.Collectors;

@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class CertificateRoleRepository {
    @PersistenceContext(unitName = "est")
    EntityManager em;

    public Set<String> rolesOf(long certificateId) {
        return em.createQuery("select r.role from CertificateRole r where r.certificate.id = :c", String.class)
                .setParameter("c", certificateId).getResultStream().collect(Collectors.toUnmodifiableSet());
    }

    public void add(CertificateRole role) {
        em.persist(role);
    }
}
