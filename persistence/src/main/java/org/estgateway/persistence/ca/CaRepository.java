// SPDX-License-Identifier: Apache-2.0
package org.estgateway.persistence.ca;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;

/** Table ca (V10): the CA every node of this database signs with, registered by the first node that started. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class CaRepository {
    /** The one CA of today's gateway; named CAs would add rows. */
    public static final String DEFAULT = "default";

    /** A registered CA (its certificate's SHA-256, lower-case hex). */
    public record Registered(String name, String sha256, String subjectDn, String registeredBy, Instant registeredAt) {
    }

    @PersistenceContext(unitName = "est")
    EntityManager em;

    /** Registers the CA unless one of that name is registered already (the first node wins); returns the registered one. */
    public Registered registerIfAbsent(String name, String sha256, String subjectDn, byte[] der, String registeredBy) {
        em.createNativeQuery("insert into ca (name, subject_dn, sha256, der, registered_by) values (?1, ?2, ?3, ?4, ?5) "
                + "on conflict do nothing").setParameter(1, name).setParameter(2, subjectDn).setParameter(3, sha256)
                .setParameter(4, der).setParameter(5, registeredBy).executeUpdate();
        return find(name).orElseThrow(() -> new IllegalStateException("CA '" + name + "' neither registered nor registrable"
                + " (its certificate is registered under another name)"));
    }

    public Optional<Registered> find(String name) {
        return em.createNativeQuery("select name, sha256, subject_dn, registered_by, (extract(epoch from registered_at) * 1000)::bigint "
                + "from ca where name = ?1").setParameter(1, name).getResultStream().map(o -> {
                    Object[] r = (Object[]) o;
                    return new Registered((String) r[0], ((String) r[1]).strip(), (String) r[2], (String) r[3],
                            Instant.ofEpochMilli(((Number) r[4]).longValue()));
                }).findFirst();
    }
}
