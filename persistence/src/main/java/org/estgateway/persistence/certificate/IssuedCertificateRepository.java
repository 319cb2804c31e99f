// SPDX-License-Identifier: Apache-2.0
package org.estgateway.persistence.certificate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class IssuedCertificateRepository {
    @PersistenceContext(unitName = "est")
    EntityManager em;

    public Optional<IssuedCertificate> bySha256(String sha256) {
        return em.createQuery("select c from IssuedCertificate c join fetch c.device where c.sha256 = :h",
                IssuedCertificate.class).setParameter("h", sha256).getResultStream().findFirst();
    }

    public Optional<IssuedCertificate> byId(long id) {
        return Optional.ofNullable(em.find(IssuedCertificate.class, id));
    }

    public Optional<IssuedCertificate> bySerial(String serialHex) {
        return em.createQuery("select c from IssuedCertificate c where c.serialHex = :s", IssuedCertificate.class)
                .setParameter("s", serialHex).getResultStream().findFirst();
    }

    public boolean serialExists(String issuerDn, String serialHex) {
        return !em.createQuery("select c.id from IssuedCertificate c where c.issuerDn = :i and c.serialHex = :s",
                Long.class).setParameter("i", issuerDn).setParameter("s", serialHex).setMaxResults(1)
                .getResultList().isEmpty();
    }

    /** Filtered search, newest first. Null filters match everything. */
    public List<IssuedCertificate> search(String subjectContains, String serialHex, Long deviceId, String status,
            int offset, int limit) {
        return em.createQuery("select c from IssuedCertificate c join fetch c.device d where "
                + "(:subject is null or lower(c.subjectDn) like lower(concat('%', :subject, '%'))) and "
                + "(:serial is null or c.serialHex = :serial) and (:device is null or d.id = :device) and "
                + "(:status is null or c.status = :status) order by c.id desc", IssuedCertificate.class)
                .setParameter("subject", subjectContains).setParameter("serial", serialHex)
                .setParameter("device", deviceId).setParameter("status", status)
                .setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    public IssuedCertificate add(IssuedCertificate certificate) {
        em.persist(certificate);
        em.flush();
        return certificate;
    }
}
