// SPDX-License-Identifier: Apache-2.0
package org.estgateway.persistence.factory;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** Factory certificates and manufacturer trust anchors. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class FactoryRepository {
    @PersistenceContext(unitName = "est")
    EntityManager em;

    public Optional<FactoryCertificate> factoryBySha256(String sha256) {
        return em.createQuery("select f from FactoryCertificate f where f.sha256 = :h", FactoryCertificate.class)
                .setParameter("h", sha256).getResultStream().findFirst();
    }

    public Optional<FactoryCertificate> factoryById(long id) {
        return Optional.ofNullable(em.find(FactoryCertificate.class, id));
    }

    public List<FactoryCertificate> factories(String commonName, int offset, int limit) {
        var query = commonName == null
                ? em.createQuery("select f from FactoryCertificate f order by f.id", FactoryCertificate.class)
                : em.createQuery("select f from FactoryCertificate f where f.commonName = :cn order by f.id",
                        FactoryCertificate.class).setParameter("cn", commonName);
        return query.setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    public FactoryCertificate add(FactoryCertificate f) {
        em.persist(f);
        em.flush();
        return f;
    }

    public Optional<TrustAnchor> anchorBySha256(String sha256) {
        return em.createQuery("select a from TrustAnchor a where a.sha256 = :h", TrustAnchor.class)
                .setParameter("h", sha256).getResultStream().findFirst();
    }

    public Optional<TrustAnchor> anchorById(long id) {
        return Optional.ofNullable(em.find(TrustAnchor.class, id));
    }

    /** Anchors whose subject (DER) is this issuer name. */
    public List<TrustAnchor> anchorsBySubject(byte[] subjectDer) {
        return em.createQuery("select a from TrustAnchor a where a.subjectDer = :s", TrustAnchor.class)
                .setParameter("s", subjectDer).getResultList();
    }

    public List<TrustAnchor> anchors() {
        return em.createQuery("select a from TrustAnchor a order by a.id", TrustAnchor.class).getResultList();
    }

    public TrustAnchor add(TrustAnchor a) {
        em.persist(a);
        em.flush();
        return a;
    }

    public void remove(TrustAnchor a) {
        em.remove(a);
    }
}
