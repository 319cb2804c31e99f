// SPDX-License-Identifier: Apache-2.0
package org.estgateway.persistence.ca;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/**
 * Table ca_generation (V13): the keys a CA has had (PREVIOUS), has (CURRENT) and will have (NEXT). Kept beside
 * table ca, whose row is always the CURRENT one; a CA never rolled has no rows here. Times travel as epoch
 * milliseconds, as in CrlRepository.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class CaGenerationRepository {
    public static final String CURRENT = "CURRENT";
    public static final String PREVIOUS = "PREVIOUS";
    public static final String NEXT = "NEXT";

    /** One key generation; the link certificates are those made when it became CURRENT (null before). */
    public record Generation(String ca, int generation, String state, String keyLocation, String keyAlgorithm,
            String subjectDn, String sha256, byte[] der, Instant notAfter, byte[] newWithOld, byte[] oldWithNew,
            String createdBy, Instant createdAt, Instant activatedAt) {
    }

    private static final String COLUMNS = "ca, generation, state, key_location, key_algorithm, subject_dn, sha256, der, "
            + "(extract(epoch from not_after) * 1000)::bigint, new_with_old_der, old_with_new_der, created_by, "
            + "(extract(epoch from created_at) * 1000)::bigint, (extract(epoch from activated_at) * 1000)::bigint";

    @PersistenceContext(unitName = "est")
    EntityManager em;

    /** Every generation of every CA, by CA and generation: one query for the registry's reload. */
    public List<Generation> all() {
        return rows(em.createNativeQuery("select " + COLUMNS + " from ca_generation order by ca, generation")
                .getResultList());
    }

    public List<Generation> of(String ca) {
        return rows(em.createNativeQuery("select " + COLUMNS + " from ca_generation where ca = ?1 order by generation")
                .setParameter(1, ca).getResultList());
    }

    /**
     * The first row of a CA that prepares its first rollover: its current key and certificate as table ca has them
     * (generation, key location, certificate), CURRENT. Nothing when the CA has a row for it already.
     */
    public void recordCurrent(String ca, Instant notAfter, String keyAlgorithm) {
        em.createNativeQuery("insert into ca_generation (ca, generation, state, key_location, key_algorithm, subject_dn, "
                + "sha256, der, not_after, created_by, created_at, activated_at) select name, generation, 'CURRENT', "
                + "key_location, coalesce(key_algorithm, ?3), subject_dn, sha256, der, to_timestamp(?2 / 1000.0), "
                + "registered_by, registered_at, registered_at from ca where name = ?1 and der is not null "
                + "on conflict do nothing").setParameter(1, ca).setParameter(2, notAfter.toEpochMilli())
                .setParameter(3, keyAlgorithm).executeUpdate();
    }

    /** A NEXT key; false when the CA has one already (or that generation exists). */
    public boolean addNext(String ca, int generation, String keyLocation, String keyAlgorithm, String subjectDn,
            String sha256, byte[] der, Instant notAfter, String createdBy) {
        return em.createNativeQuery("insert into ca_generation (ca, generation, state, key_location, key_algorithm, "
                + "subject_dn, sha256, der, not_after, created_by) values (?1, ?2, 'NEXT', ?3, ?4, ?5, ?6, ?7, "
                + "to_timestamp(?8 / 1000.0), ?9) on conflict do nothing").setParameter(1, ca).setParameter(2, generation)
                .setParameter(3, keyLocation).setParameter(4, keyAlgorithm).setParameter(5, subjectDn)
                .setParameter(6, sha256).setParameter(7, der).setParameter(8, notAfter.toEpochMilli())
                .setParameter(9, createdBy).executeUpdate() == 1;
    }

    /**
     * The rollover: CURRENT {@code from} becomes PREVIOUS, NEXT {@code to} becomes CURRENT with its link
     * certificates. False (nothing changed that the caller's rollback would not undo) when either is not in that
     * state any more.
     */
    public boolean roll(String ca, int from, int to, byte[] newWithOld, byte[] oldWithNew) {
        int retired = em.createNativeQuery("update ca_generation set state = 'PREVIOUS', updated_at = now() "
                + "where ca = ?1 and generation = ?2 and state = 'CURRENT'").setParameter(1, ca).setParameter(2, from)
                .executeUpdate();
        if (retired != 1) {
            return false;
        }
        return em.createNativeQuery("update ca_generation set state = 'CURRENT', new_with_old_der = ?3, "
                + "old_with_new_der = ?4, activated_at = now(), updated_at = now() where ca = ?1 and generation = ?2 "
                + "and state = 'NEXT'").setParameter(1, ca).setParameter(2, to).setParameter(3, newWithOld)
                .setParameter(4, oldWithNew).executeUpdate() == 1;
    }

    private static List<Generation> rows(List<?> result) {
        return result.stream().map(o -> {
            Object[] r = (Object[]) o;
            return new Generation((String) r[0], ((Number) r[1]).intValue(), (String) r[2], (String) r[3], (String) r[4],
                    (String) r[5], ((String) r[6]).strip(), (byte[]) r[7], millis(r[8]), (byte[]) r[9], (byte[]) r[10],
                    (String) r[11], millis(r[12]), r[13] == null ? null : millis(r[13]));
        }).toList();
    }

    private static Instant millis(Object value) {
        return Instant.ofEpochMilli(((Number) value).longValue());
    }
}
