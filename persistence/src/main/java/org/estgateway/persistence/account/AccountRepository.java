// SPDX-License-Identifier: Apache-2.0
package org.estgateway.persistence.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
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

    public Account add(Account account) {
        em.persist(account);
        return account;
    }
}
