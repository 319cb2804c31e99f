// SPDX-License-Identifier: Apache-2.0
package org.estgateway.persistence.digest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;

/** HTTP Digest state: HA1 per device/realm/algorithm, used nonce counts, and shared secrets. */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class DigestRepository {
    @PersistenceContext(unitName = "est")
    EntityManager em;

    public Optional<String> ha1(long deviceId, String realm, String algorithm) {
        return em.createNativeQuery("select ha1 from device_digest where device_id = ?1 and realm = ?2 and algorithm = ?3",
                String.class).setParameter(1, deviceId).setParameter(2, realm).setParameter(3, algorithm)
                .getResultStream().map(String.class::cast).findFirst();
    }

    public void replaceHa1(long deviceId, String realm, String algorithm, String ha1) {
        em.createNativeQuery("insert into device_digest (device_id, realm, algorithm, ha1) values (?1, ?2, ?3, ?4) "
                + "on conflict (device_id, realm, algorithm) do update set ha1 = excluded.ha1")
                .setParameter(1, deviceId).setParameter(2, realm).setParameter(3, algorithm).setParameter(4, ha1)
                .executeUpdate();
    }

    public void removeAll(long deviceId) {
        em.createNativeQuery("delete from device_digest where device_id = ?1").setParameter(1, deviceId).executeUpdate();
    }

    /** Records a (nonce, nc) use; false when it was used before (a replay). */
    public boolean firstUse(String nonceSha256, String nc) {
        return em.createNativeQuery("insert into digest_nonce_use (nonce_sha256, nc) values (?1, ?2) on conflict do nothing")
                .setParameter(1, nonceSha256).setParameter(2, nc).executeUpdate() == 1;
    }

    public int forgetNonceUsesBefore(Instant cutoff) {
        return em.createNativeQuery("delete from digest_nonce_use where used_at < ?1")
                .setParameter(1, java.sql.Timestamp.from(cutoff)).executeUpdate();
    }

    /** The named secret, created with the given value if it does not exist yet (first node wins). */
    public byte[] secret(String name, byte[] candidate) {
        em.createNativeQuery("insert into gateway_secret (name, value) values (?1, ?2) on conflict (name) do nothing")
                .setParameter(1, name).setParameter(2, candidate).executeUpdate();
        return (byte[]) em.createNativeQuery("select value from gateway_secret where name = ?1")
                .setParameter(1, name).getSingleResult();
    }
}
