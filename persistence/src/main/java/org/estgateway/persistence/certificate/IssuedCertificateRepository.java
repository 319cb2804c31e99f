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

    /** Locks the row: revocation decisions are made once. */
    public Optional<IssuedCertificate> bySerialForUpdate(String serialHex) {
        return em.createQuery("select c from IssuedCertificate c where c.serialHex = :s", IssuedCertificate.class)
                .setParameter("s", serialHex).setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst();
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

    /**
     * Serialises re-enrollments of one subject until the transaction ends (a PostgreSQL transaction-level
     * advisory lock on a hash of the subject DER), so that "the latest certificate" cannot change under us.
     */
    public void lockSubject(byte[] subjectDer) {
        em.createNativeQuery(
                "select 1 from (select pg_advisory_xact_lock(hashtextextended(encode(?1, 'hex'), 7030))) as locked")
                .setParameter(1, subjectDer).getSingleResult();
    }

    /** The id of the newest certificate issued for this subject (DER), if any. */
    public java.util.Optional<Long> latestIdForSubject(byte[] subjectDer) {
        return em.createQuery("select c.id from IssuedCertificate c where c.subjectDer = :s order by c.id desc",
                Long.class).setParameter("s", subjectDer).setMaxResults(1).getResultStream().findFirst();
    }

    public IssuedCertificate add(IssuedCertificate certificate) {
        em.persist(certificate);
        em.flush();
        return certificate;
    }
}
