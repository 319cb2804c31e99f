// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.account;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.Optional;
import org.estgateway.ejb.audit.AuditService;
import org.estgateway.ejb.auth.PasswordHasher;
import org.estgateway.persistence.account.Account;
import org.estgateway.persistence.account.AccountRepository;
import org.estgateway.persistence.audit.AuditEvent;

/** Named accounts of the admin API and their roles (SPEC §10). */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class AccountService {
    @Inject
    AccountRepository accounts;
    @Inject
    AuditService audit;

    /** The role of the account when user and password match an enabled account. Failures are audited. */
    public Optional<String> authenticate(String username, String password, String sourceAddress) {
        Optional<Account> account = accounts.byUsername(username);
        if (account.isEmpty()) {
            PasswordHasher.verifyNothing(password);
        } else if (account.get().enabled() && PasswordHasher.verify(password, account.get().passwordHash())) {
            return Optional.of(account.get().role());
        }
        audit.recordAlone(new AuditEvent.Fields("LOGIN_FAILED", "REFUSED", username, "HTTP_BASIC", sourceAddress,
                null, null, null, 401, "unknown account or wrong password"));
        return Optional.empty();
    }

    /** Creates or updates the bootstrap account; returns true when it was created. */
    public boolean ensureBootstrapAdmin(String username, Optional<String> password, java.util.function.Supplier<String> generated) {
        Optional<Account> existing = accounts.byUsername(username);
        if (existing.isPresent()) {
            if (password.isPresent() && !PasswordHasher.verify(password.get(), existing.get().passwordHash())) {
                existing.get().changePassword(PasswordHasher.hash(password.get()));
                audit.record(new AuditEvent.Fields("ACCOUNT_PASSWORD_SET", "SUCCESS", "system", "NONE", null, null,
                        username, null, null, "from EST_ADMIN_PASSWORD"));
            }
            return false;
        }
        accounts.add(new Account(username, PasswordHasher.hash(password.orElseGet(generated)), "admin"));
        audit.record(new AuditEvent.Fields("ACCOUNT_CREATED", "SUCCESS", "system", "NONE", null, null, username,
                null, null, "bootstrap admin"));
        return true;
    }
}
