// SPDX-License-Identifier: Apache-2.0
package org.estgateway.persistence.ca;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;

/**
 * Table ca (V10, V12): the CAs of this gateway. 'default' is the CA of the data directory, registered by the first
 * node that started; named CAs are created through the admin API.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class CaRepository {
    /** The CA of the data directory (ca/ca.p12): every installation has it. */
    public static final String DEFAULT = "default";
    public static final String DEFAULT_KEY_LOCATION = "pkcs12:ca/ca.p12";

    /** A CA row without its DER (see {@link #all()}); chainPem: the issuers above it, empty for a self-signed CA. */
    public record CaRow(String name, String status, String keyLocation, String keyAlgorithm, String subjectDn,
            String sha256, byte[] der, String chainPem, String registeredBy, Instant registeredAt, int generation) {
        /** A CA row before its first rollover (generation 1). */
        public CaRow(String name, String status, String keyLocation, String keyAlgorithm, String subjectDn,
                String sha256, byte[] der, String chainPem, String registeredBy, Instant registeredAt) {
            this(name, status, keyLocation, keyAlgorithm, subjectDn, sha256, der, chainPem, registeredBy, registeredAt, 1);
        }
    }

    /** A registered CA (its certificate's SHA-256, lower-case hex). */
    public record Registered(String name, String sha256, String subjectDn, String registeredBy, Instant registeredAt) {
    }

    @PersistenceContext(unitName = "est")
    EntityManager em;

    /** Registers the CA unless one of that name is registered already (the first node wins); returns the registered one. */
    public Registered registerIfAbsent(String name, String sha256, String subjectDn, byte[] der, String registeredBy) {
        em.createNativeQuery("insert into ca (name, subject_dn, sha256, der, registered_by, key_location) "
                + "values (?1, ?2, ?3, ?4, ?5, ?6) on conflict do nothing").setParameter(1, name).setParameter(2, subjectDn)
                .setParameter(3, sha256).setParameter(4, der).setParameter(5, registeredBy)
                .setParameter(6, DEFAULT_KEY_LOCATION).executeUpdate();
        return find(name).orElseThrow(() -> new IllegalStateException("CA '" + name + "' neither registered nor registrable"
                + " (its certificate is registered under another name)"));
    }

    public Optional<Registered> find(String name) {
        return em.createNativeQuery("select name, sha256, subject_dn, registered_by, (extract(epoch from registered_at) * 1000)::bigint "
                + "from ca where name = ?1").setParameter(1, name).getResultStream().map(o -> {
                    Object[] r = (Object[]) o;
                    return new Registered((String) r[0], r[1] == null ? null : ((String) r[1]).strip(), (String) r[2], (String) r[3],
                            Instant.ofEpochMilli(((Number) r[4]).longValue()));
                }).findFirst();
    }

    /** Every CA, the default first, then by name. */
    public java.util.List<CaRow> all() {
        return em.createNativeQuery("select name, status, key_location, key_algorithm, subject_dn, sha256, der, chain_pem, "
                + "registered_by, (extract(epoch from registered_at) * 1000)::bigint, generation from ca "
                + "order by name <> 'default', name").getResultStream().map(o -> {
                    Object[] r = (Object[]) o;
                    return new CaRow((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4],
                            r[5] == null ? null : ((String) r[5]).strip(), (byte[]) r[6], (String) r[7], (String) r[8],
                            Instant.ofEpochMilli(((Number) r[9]).longValue()), ((Number) r[10]).intValue());
                }).toList();
    }

    /** Adds a named CA; false when the name (or its certificate) exists already. */
    public boolean add(CaRow ca) {
        return em.createNativeQuery("insert into ca (name, status, key_location, key_algorithm, subject_dn, sha256, der, "
                + "chain_pem, registered_by) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) on conflict do nothing")
                .setParameter(1, ca.name()).setParameter(2, ca.status()).setParameter(3, ca.keyLocation())
                .setParameter(4, ca.keyAlgorithm()).setParameter(5, ca.subjectDn()).setParameter(6, ca.sha256())
                .setParameter(7, ca.der()).setParameter(8, ca.chainPem()).setParameter(9, ca.registeredBy())
                .executeUpdate() == 1;
    }

    /**
     * Where the default CA's key is now (EST_CA_KEY_LOCATION may move it into an HSM); no secret in it. Only while
     * the CA is at its first generation: after a rollover the row names the current generation's key (V13).
     */
    public void updateKeyLocation(String name, String keyLocation) {
        em.createNativeQuery("update ca set key_location = ?2, updated_at = now() where name = ?1 and key_location <> ?2 "
                + "and generation = 1")
                .setParameter(1, name).setParameter(2, keyLocation).executeUpdate();
    }

    /**
     * Adds a PENDING subordinate CA: its key exists, its certificate not yet (der, sha256 not bound at all: a NULL
     * bytea parameter would reach PostgreSQL untyped). False when the name exists already.
     */
    public boolean addPending(String name, String keyLocation, String keyAlgorithm, String subjectDn, String registeredBy) {
        return em.createNativeQuery("insert into ca (name, status, key_location, key_algorithm, subject_dn, registered_by) "
                + "values (?1, 'PENDING', ?2, ?3, ?4, ?5) on conflict do nothing").setParameter(1, name)
                .setParameter(2, keyLocation).setParameter(3, keyAlgorithm).setParameter(4, subjectDn)
                .setParameter(5, registeredBy).executeUpdate() == 1;
    }

    /**
     * A PENDING subordinate CA gets its certificate and the issuers above it (PEM, never NULL: "" when the bundle held
     * the CA certificate only) and becomes ACTIVE; false when it is not PENDING (any more).
     */
    public boolean activate(String name, String subjectDn, String sha256, byte[] der, String chainPem) {
        return em.createNativeQuery("update ca set status = 'ACTIVE', subject_dn = ?2, sha256 = ?3, der = ?4, chain_pem = ?5, "
                + "updated_at = now() where name = ?1 and status = 'PENDING'").setParameter(1, name).setParameter(2, subjectDn)
                .setParameter(3, sha256).setParameter(4, der).setParameter(5, chainPem).executeUpdate() == 1;
    }

    /** An ACTIVE CA becomes RETIRED (issues no more; its row and certificates stay); false when it is not ACTIVE. */
    public boolean retire(String name) {
        return em.createNativeQuery("update ca set status = 'RETIRED', updated_at = now() where name = ?1 and status = 'ACTIVE'")
                .setParameter(1, name).executeUpdate() == 1;
    }

    /** Deletes a PENDING CA's row (V14 refuses to delete any other); false when it is not PENDING. */
    public boolean deletePending(String name) {
        return em.createNativeQuery("delete from ca where name = ?1 and status = 'PENDING'").setParameter(1, name)
                .executeUpdate() == 1;
    }

    /**
     * The rollover of a CA (V13): its row takes the certificate, key location and algorithm of generation
     * {@code generation}; false when the row is no longer at {@code from} (another node rolled it meanwhile).
     */
    public boolean rollTo(String name, int from, int generation, String sha256, byte[] der, String keyLocation,
            String keyAlgorithm) {
        return em.createNativeQuery("update ca set generation = ?3, sha256 = ?4, der = ?5, key_location = ?6, "
                + "key_algorithm = ?7, updated_at = now() where name = ?1 and generation = ?2 and status = 'ACTIVE'")
                .setParameter(1, name).setParameter(2, from).setParameter(3, generation).setParameter(4, sha256)
                .setParameter(5, der).setParameter(6, keyLocation).setParameter(7, keyAlgorithm).executeUpdate() == 1;
    }

    /** Serialises the creation of CAs across nodes until this transaction ends (advisory lock class 7032). */
    public void lockForCreation() {
        em.createNativeQuery("select 1 from (select pg_advisory_xact_lock(7032, 0)) as locked").getSingleResult();
    }
}
