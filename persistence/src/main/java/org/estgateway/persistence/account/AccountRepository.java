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

    public Account add(Account account) {
        em.persist(account);
        return account;
    }
}
