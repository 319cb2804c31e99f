// SPDX-License-Identifier: Apache-2.0
package org.estgateway.persistence.crl;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;

/**
 * Table crl (V10): the CRLs signed so far, shared by all nodes. Times travel as epoch milliseconds so that no
 * driver or Hibernate mapping of timestamptz can shift them.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class CrlRepository {
    /**
     * Changes whenever a certificate is revoked (revocation is one-way): "count:latest revocation time". Only
     * the revoked rows are read (partial index ix_issued_certificate_status); per CA (V12) and key generation (V13).
     */
    static final String REVOCATION_STATE = "select count(*)::text || ':' || coalesce(to_char(max(revoked_at) at time zone 'UTC', "
            + "'YYYY-MM-DD\"T\"HH24:MI:SS.US'), '-') as state from issued_certificate where status = 'REVOKED' and ca = ?1 "
            + "and ca_generation = ?2";
    private static final String HEAD_COLUMNS = "crl_number, revocation_state, "
            + "(extract(epoch from this_update) * 1000)::bigint, (extract(epoch from next_update) * 1000)::bigint";

    @PersistenceContext(unitName = "est")
    EntityManager em;

    /**
     * The revocation state and the latest CRL (without its DER) of one key generation of a CA, in one statement: the
     * cheap check of a fetch.
     */
    public CrlSnapshot snapshot(String ca, int generation) {
        Object[] r = (Object[]) em.createNativeQuery("select s.state, l.* from (" + REVOCATION_STATE + ") s left join lateral "
                + "(select " + HEAD_COLUMNS + " from crl where ca = ?1 and generation = ?2 order by crl_number desc limit 1) l on true")
                .setParameter(1, ca).setParameter(2, generation).getSingleResult();
        Optional<CrlHead> latest = r[1] == null ? Optional.empty() : Optional.of(head(r, 1));
        return new CrlSnapshot((String) r[0], latest);
    }

    public Optional<StoredCrl> load(String ca, int generation, long number) {
        return em.createNativeQuery("select " + HEAD_COLUMNS + ", revoked_count, der, sha256, created_by from crl "
                + "where ca = ?1 and generation = ?3 and crl_number = ?2").setParameter(1, ca).setParameter(2, number)
                .setParameter(3, generation).getResultStream()
                .map(o -> {
                    Object[] r = (Object[]) o;
                    return new StoredCrl(ca, generation, head(r, 0), ((Number) r[4]).intValue(), (byte[]) r[5], ((String) r[6]).strip(),
                            (String) r[7]);
                }).findFirst();
    }

    /**
     * Serialises the building of a CA's next CRL across nodes until this transaction ends (two-key advisory lock,
     * class 7031 (docs/DBA.md): no other lock of the application uses it).
     */
    public void lockForBuilding(String ca) {
        em.createNativeQuery("select 1 from (select pg_advisory_xact_lock(7031, hashtext(?1))) as locked")
                .setParameter(1, ca).getSingleResult();
    }

    /** RFC 5280 §5.2.3 CRL numbers: from crl_number_seq (V3), shared by all nodes. */
    public long nextNumberFromSequence() {
        return ((Number) em.createNativeQuery("select nextval('crl_number_seq')").getSingleResult()).longValue();
    }

    public void add(StoredCrl crl) {
        em.createNativeQuery("insert into crl (ca, crl_number, this_update, next_update, revocation_state, revoked_count, der, "
                + "sha256, created_by, generation) values (?1, ?2, to_timestamp(?3 / 1000.0), to_timestamp(?4 / 1000.0), ?5, ?6, ?7, "
                + "?8, ?9, ?10)")
                .setParameter(1, crl.ca()).setParameter(2, crl.number())
                .setParameter(3, crl.head().thisUpdate().toEpochMilli()).setParameter(4, crl.head().nextUpdate().toEpochMilli())
                .setParameter(5, crl.head().revocationState()).setParameter(6, crl.revokedCount()).setParameter(7, crl.der())
                .setParameter(8, crl.sha256()).setParameter(9, crl.createdBy()).setParameter(10, crl.generation()).executeUpdate();
    }

    /**
     * Removes the CA's CRLs older than {@code latest} that are past their nextUpdate, and any beyond the
     * {@code keepAtMost} newest: the latest always stays. Returns how many went.
     */
    public int prune(String ca, int generation, long latest, Instant now, int keepAtMost) {
        return em.createNativeQuery("delete from crl where ca = ?1 and generation = ?5 and crl_number < ?2 and "
                + "(next_update < to_timestamp(?3 / 1000.0) or crl_number < (select min(k.crl_number) from (select crl_number "
                + "from crl where ca = ?1 and generation = ?5 order by crl_number desc limit ?4) k))")
                .setParameter(1, ca).setParameter(2, latest).setParameter(3, now.toEpochMilli()).setParameter(4, keepAtMost)
                .setParameter(5, generation)
                .executeUpdate();
    }

    private static CrlHead head(Object[] r, int from) {
        return new CrlHead(((Number) r[from]).longValue(), (String) r[from + 1],
                Instant.ofEpochMilli(((Number) r[from + 2]).longValue()), Instant.ofEpochMilli(((Number) r[from + 3]).longValue()));
    }
}
