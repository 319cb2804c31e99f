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

    /**
     * The certificates with this serial: of the CA {@code ca} (at most one, V12) or, when empty, of every CA (a serial is
     * unique per CA only). {@code lock}: the rows are locked, so that revocation decisions are made once.
     */
    public List<IssuedCertificate> bySerial(String serialHex, Optional<String> ca, boolean lock) {
        var query = em.createQuery("select c from IssuedCertificate c join fetch c.device where c.serialHex = :s"
                + (ca.isPresent() ? " and c.ca = :ca" : "") + " order by c.ca", IssuedCertificate.class)
                .setParameter("s", serialHex);
        ca.ifPresent(name -> query.setParameter("ca", name));
        if (lock) {
            query.setLockMode(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        }
        return query.getResultList();
    }

    /** By CA and serial (unique, V12). */
    public Optional<IssuedCertificate> byCaAndSerial(String ca, String serialHex) {
        return em.createQuery("select c from IssuedCertificate c where c.ca = :ca and c.serialHex = :s", IssuedCertificate.class)
                .setParameter("ca", ca).setParameter("s", serialHex).getResultStream().findFirst();
    }

    /** Filtered search, newest first. Null filters match everything. */
    public List<IssuedCertificate> search(String subjectContains, String serialHex, Long deviceId, String status,
            java.time.Instant issuedAfter, java.time.Instant issuedBefore, String ca, int offset, int limit) {
        StringBuilder jpql = new StringBuilder("select c from IssuedCertificate c join fetch c.device where 1 = 1");
        java.util.Map<String, Object> params = new java.util.HashMap<>();
        if (subjectContains != null) {
            jpql.append(" and lower(c.subjectDn) like lower(concat('%', :subject, '%'))");
            params.put("subject", subjectContains);
        }
        if (serialHex != null) {
            jpql.append(" and c.serialHex = :serial");
            params.put("serial", serialHex);
        }
        if (deviceId != null) {
            jpql.append(" and c.device.id = :device");
            params.put("device", deviceId);
        }
        if (status != null) {
            jpql.append(" and c.status = :status");
            params.put("status", status);
        }
        if (issuedAfter != null) {
            jpql.append(" and c.issuedAt >= :after");
            params.put("after", issuedAfter);
        }
        if (issuedBefore != null) {
            jpql.append(" and c.issuedAt < :before");
            params.put("before", issuedBefore);
        }
        if (ca != null) {
            jpql.append(" and c.ca = :ca");
            params.put("ca", ca);
        }
        var query = em.createQuery(jpql.append(" order by c.id desc").toString(), IssuedCertificate.class);
        params.forEach(query::setParameter);
        return query.setFirstResult(offset).setMaxResults(limit).getResultList();
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

    /** A revoked certificate as a CRL lists it. */
    public record Revoked(String serialHex, java.time.Instant revokedAt, String reason) {
    }

    /** The revoked certificates of one key generation of a CA, as that generation's CRL lists them. */
    public List<Revoked> revoked(String ca, int generation) {
        return em.createQuery("select c.serialHex, c.revokedAt, c.revocationReason from IssuedCertificate c "
                + "where c.status = 'REVOKED' and c.ca = :ca and c.caGeneration = :g order by c.id", Object[].class)
                .setParameter("ca", ca).setParameter("g", (short) generation)
                .getResultStream()
                .map(r -> new Revoked((String) r[0], (java.time.Instant) r[1], (String) r[2])).toList();
    }

    /** Changes whenever a certificate is revoked: "count:latest revocation time". */
    public String revocationState() {
        Object[] r = em.createQuery("select count(c), max(c.revokedAt) from IssuedCertificate c where c.status = 'REVOKED'",
                Object[].class).getSingleResult();
        return r[0] + ":" + r[1];
    }

    public IssuedCertificate add(IssuedCertificate certificate) {
        em.persist(certificate);
        em.flush();
        return certificate;
    }
}
