// SPDX-License-Identifier: Apache-2.0
package org.estgateway.persistence.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Optional;

@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class AccountRepository {
    @PersistenceContext(unitName = "est")
    EntityManager em;

    public Optional<Account> byUsername(String username) {
        return em.createQuery("select a from Account a where a.username = :u", Account.class)
                .setParameter("u", username).getResultStream().findFirst();
    }

    public Optional<Account> byCertificate(String sha256) {
        return em.createQuery("select a from Account a where a.certificateSha256 = :h", Account.class)
                .setParameter("h", sha256).getResultStream().findFirst();
    }

    public java.util.List<Account> list() {
        return em.createQuery("select a from Account a order by a.id", Account.class).getResultList();
    }

    /** Locks the row until commit: every write of an account (failure count, role, password) goes through here. */
    public Optional<Account> byUsernameForUpdate(String username) {
        return em.createQuery("select a from Account a where a.username = :u", Account.class)
                .setParameter("u", username).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultStream().findFirst();
    }

    /** Reloads the row under a write lock held until commit. */
    public void refreshForUpdate(Account account) {
        em.refresh(account, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Clears the failure count after a successful login with one conditional UPDATE. It leaves {@code version}
     * alone on purpose: parallel logins of one account must not fail on each other (OptimisticLockException),
     * and every other writer reads the row under {@link #byUsernameForUpdate} first.
     */
    public void clearFailures(long id) {
        em.createQuery("update Account a set a.failedAttempts = 0, a.lockedUntil = null "
                + "where a.id = :id and (a.failedAttempts > 0 or a.lockedUntil is not null)")
                .setParameter("id", id).executeUpdate();
    }

    /** Inserts the account; empty when its user name is taken (also by a concurrent insert: the unique key decides). */
    public Optional<Account> addUnlessTaken(Account account) {
        try {
            em.persist(account);
            em.flush();
            return Optional.of(account);
        } catch (PersistenceException e) {
            if (UniqueViolation.of(e, "uq_account_username")) {
                return Optional.empty(); // the transaction is marked for rollback: the caller throws
            }
            throw e;
        }
    }

    /**
     * Serialises the bootstrap account's creation across nodes started at once against an empty database until
     * the transaction ends (two-key advisory lock 7030/2, docs/DBA.md): the second node then finds the account.
     */
    public void lockForBootstrap() {
        em.createNativeQuery("select 1 from (select pg_advisory_xact_lock(7030, 2)) as locked").getSingleResult();
    }

    public Account add(Account account) {
        em.persist(account);
        return account;
    }
}
