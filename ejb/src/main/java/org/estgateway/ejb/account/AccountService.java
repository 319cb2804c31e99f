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
        } else if (account.get().enabled() && account.get().passwordHash() != null
                && org.estgateway.ejb.auth.VerifiedPasswords.verify(password, account.get().passwordHash())) {
            return Optional.of(account.get().role());
        }
        audit.recordAlone(new AuditEvent.Fields("LOGIN_FAILED", "REFUSED", username, "HTTP_BASIC", sourceAddress,
                null, null, null, 401, "unknown account or wrong password"));
        return Optional.empty();
    }

    public static final java.util.Set<String> ROLES = java.util.Set.of("admin", "operator", "auditor");

    /** An account as the API shows it. */
    public record View(long id, String username, String role, boolean enabled, boolean hasPassword,
            String certificateSha256, String createdBy, String createdAt) {
        static View of(Account a) {
            return new View(a.id(), a.username(), a.role(), a.enabled(), a.passwordHash() != null,
                    a.certificateSha256(), a.createdBy(), a.createdAt().toString());
        }
    }

    /** The account a client certificate is mapped to: (username, role), when enabled. */
    public Optional<String[]> authenticateCertificate(String sha256) {
        return accounts.byCertificate(sha256).filter(Account::enabled).map(a -> new String[] {a.username(), a.role()});
    }

    public View create(String username, String password, String role, String certificatePem, String actor) {
        if (username == null || !username.matches("[A-Za-z0-9._@-]{1,64}")) {
            throw new org.estgateway.ejb.error.MalformedRequest("username must be 1 to 64 of letters, digits, . _ @ -");
        }
        if (role == null || !ROLES.contains(role)) {
            throw new org.estgateway.ejb.error.MalformedRequest("role must be one of " + new java.util.TreeSet<>(ROLES));
        }
        if ((password == null || password.isEmpty()) && (certificatePem == null || certificatePem.isBlank())) {
            throw new org.estgateway.ejb.error.MalformedRequest("a password or a certificate is required");
        }
        if (password != null && !password.isEmpty() && password.length() < 12) {
            throw new org.estgateway.ejb.error.MalformedRequest("an account password needs at least 12 characters");
        }
        String sha256 = null;
        if (certificatePem != null && !certificatePem.isBlank()) {
            sha256 = org.estgateway.ejb.pki.CertificateDer.fromPem(certificatePem).sha256().hex();
            if (accounts.byCertificate(sha256).isPresent()) {
                throw new org.estgateway.ejb.error.Conflict("this certificate is already mapped to an account");
            }
        }
        if (accounts.byUsername(username).isPresent()) {
            throw new org.estgateway.ejb.error.Conflict("account '" + username + "' exists");
        }
        Account a = accounts.add(new Account(username, password == null || password.isEmpty() ? null
                : PasswordHasher.hash(password), sha256, role, actor));
        audit.record(new AuditEvent.Fields("ACCOUNT_CREATED", "SUCCESS", actor, "ADMIN_API", null, null, username,
                null, 201, "role " + role + (sha256 == null ? "" : ", client certificate " + sha256)));
        return View.of(a);
    }

    public java.util.List<View> list() {
        return accounts.list().stream().map(View::of).toList();
    }

    public View update(String username, String role, Boolean enabled, String password, String actor) {
        Account a = accounts.byUsername(username).orElseThrow(
                () -> new org.estgateway.ejb.error.NotFound("no account '" + username + "'"));
        if (role != null && !ROLES.contains(role)) {
            throw new org.estgateway.ejb.error.MalformedRequest("role must be one of " + new java.util.TreeSet<>(ROLES));
        }
        if (password != null && password.length() < 12) {
            throw new org.estgateway.ejb.error.MalformedRequest("an account password needs at least 12 characters");
        }
        StringBuilder what = new StringBuilder();
        if (role != null) {
            a.setRole(role);
            what.append("role ").append(role).append(' ');
        }
        if (enabled != null) {
            a.setEnabled(enabled);
            what.append(enabled ? "enabled " : "disabled ");
        }
        if (password != null) {
            a.changePassword(PasswordHasher.hash(password));
            what.append("password changed");
        }
        audit.record(new AuditEvent.Fields("ACCOUNT_CHANGED", "SUCCESS", actor, "ADMIN_API", null, null, username,
                null, 200, what.toString().strip()));
        return View.of(a);
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
