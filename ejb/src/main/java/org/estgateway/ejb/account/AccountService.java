// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.account;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.Optional;
import org.estgateway.ejb.audit.AuditService;
import java.time.Instant;
import org.estgateway.ejb.auth.LockoutPolicy;
import org.estgateway.ejb.auth.PasswordCheck;
import org.estgateway.ejb.auth.PasswordHasher;
import org.estgateway.persistence.account.Account;
import org.estgateway.persistence.account.AccountRepository;
import org.estgateway.persistence.audit.AuditEvent;

/** Named accounts of the admin API and their roles (SPEC §10). */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class AccountService {
    @Inject
    org.estgateway.ejb.metrics.EstMetrics metrics;
    @Inject
    AccountRepository accounts;
    @Inject
    AuditService audit;

    /**
     * The role of the account when user and password match an enabled, unlocked account. Failed passwords count
     * towards a lock as for devices ({@link LockoutPolicy}); every refusal is audited and costs one PBKDF2
     * derivation, and the caller cannot tell unknown, disabled, locked and wrong apart.
     */
    public Optional<String> authenticate(String username, String password, String sourceAddress) {
        Optional<Account> account = accounts.byUsername(username);
        Instant now = Instant.now();
        PasswordCheck.Outcome outcome = PasswordCheck.check(account.map(a -> new PasswordCheck.Stored(a.passwordHash(),
                a.enabled(), a.lockedUntil())), password, now);
        switch (outcome) {
            case ACCEPTED -> {
                Account a = account.get();
                if (a.failedAttempts() > 0 || a.lockedUntil() != null) {
                    accounts.clearFailures(a.id()); // no @Version bump: parallel logins never conflict
                }
                return Optional.of(a.role());
            }
            case WRONG_PASSWORD -> recordFailure(account.get(), sourceAddress, now);
            case LOCKED -> audit.record(loginFailed(username, sourceAddress, "account is locked until "
                    + account.get().lockedUntil()));
            case UNKNOWN -> audit.record(loginFailed(username, sourceAddress, "unknown account or wrong password"));
        }
        metrics.loginRefused("account"); // est_logins_refused_total
        return Optional.empty();
    }

    /** Counts under the row lock (SELECT ... FOR UPDATE), so parallel failures neither get lost nor conflict. */
    private void recordFailure(Account account, String sourceAddress, Instant now) {
        accounts.refreshForUpdate(account);
        Optional<Instant> until = LockoutPolicy.lockedUntil(account.failedAttempts() + 1, now);
        account.failedLogin(until.orElse(null));
        audit.record(loginFailed(account.username(), sourceAddress, "wrong password (" + account.failedAttempts()
                + " in a row)"));
        if (until.isPresent()) {
            metrics.lockout("account"); // est_lockouts_total
            audit.record(new AuditEvent.Fields("ACCOUNT_LOCKED", "SUCCESS", "system", "NONE", sourceAddress, null,
                    account.username(), null, null, account.failedAttempts() + " failed passwords; locked until "
                            + until.get()));
        }
    }

    private static AuditEvent.Fields loginFailed(String username, String sourceAddress, String reason) {
        return new AuditEvent.Fields("LOGIN_FAILED", "REFUSED", username, "HTTP_BASIC", sourceAddress, null, null,
                null, 401, reason);
    }

    /** An administrator lifts the lock of an account (SPEC §10); also the way back in for a locked {@code admin}. */
    public View unlock(String username, String actor) {
        Account a = accounts.byUsernameForUpdate(username).orElseThrow(
                () -> new org.estgateway.ejb.error.NotFound("no account '" + username + "'"));
        boolean wasLocked = a.lockedAt(Instant.now());
        a.unlock();
        audit.record(new AuditEvent.Fields("ACCOUNT_UNLOCKED", "SUCCESS", actor, "ADMIN_API", null, null, username,
                null, 200, wasLocked ? "was locked" : "failure count cleared"));
        return View.of(a);
    }

    public static final java.util.Set<String> ROLES = java.util.Set.of("admin", "operator", "auditor");

    /** An account as the API shows it. */
    public record View(long id, String username, String role, boolean enabled, boolean hasPassword,
            String certificateSha256, String createdBy, String createdAt, int failedAttempts, String lockedUntil) {
        static View of(Account a) {
            boolean locked = a.lockedAt(Instant.now());
            return new View(a.id(), a.username(), a.role(), a.enabled(), a.passwordHash() != null,
                    a.certificateSha256(), a.createdBy(), a.createdAt().toString(), a.failedAttempts(),
                    locked ? a.lockedUntil().toString() : null);
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
        org.estgateway.ejb.error.Conflict exists = new org.estgateway.ejb.error.Conflict("account '" + username + "' exists");
        if (accounts.byUsername(username).isPresent()) {
            throw exists;
        }
        // The unique key decides a race between two creates of one name: the loser gets 409, not 500.
        Account a = accounts.addUnlessTaken(new Account(username, password == null || password.isEmpty() ? null
                : PasswordHasher.hash(password), sha256, role, actor)).orElseThrow(() -> exists);
        audit.record(new AuditEvent.Fields("ACCOUNT_CREATED", "SUCCESS", actor, "ADMIN_API", null, null, username,
                null, 201, "role " + role + (sha256 == null ? "" : ", client certificate " + sha256)));
        return View.of(a);
    }

    public java.util.List<View> list() {
        return accounts.list().stream().map(View::of).toList();
    }

    public View update(String username, String role, Boolean enabled, String password, String actor) {
        Account a = accounts.byUsernameForUpdate(username).orElseThrow(
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
            a.unlock(); // as for devices: a new password clears the lock
            what.append("password changed");
        }
        audit.record(new AuditEvent.Fields("ACCOUNT_CHANGED", "SUCCESS", actor, "ADMIN_API", null, null, username,
                null, 200, what.toString().strip()));
        return View.of(a);
    }

    /**
     * Creates or updates the bootstrap account; returns true when it was created. A given password (from
     * EST_ADMIN_PASSWORD) is applied and clears any lock: the operator's way back in that depends on no account.
     */
    public boolean ensureBootstrapAdmin(String username, Optional<String> password, java.util.function.Supplier<String> generated) {
        accounts.lockForBootstrap(); // several nodes starting at once: one creates the account, the others find it
        Optional<Account> existing = accounts.byUsernameForUpdate(username);
        if (existing.isPresent()) {
            Account a = existing.get();
            if (password.isPresent() && !PasswordHasher.verify(password.get(), a.passwordHash())) {
                a.changePassword(PasswordHasher.hash(password.get()));
                audit.record(new AuditEvent.Fields("ACCOUNT_PASSWORD_SET", "SUCCESS", "system", "NONE", null, null,
                        username, null, null, "from EST_ADMIN_PASSWORD"));
            }
            if (password.isPresent() && (a.failedAttempts() > 0 || a.lockedUntil() != null)) {
                boolean wasLocked = a.lockedAt(Instant.now());
                a.unlock();
                audit.record(new AuditEvent.Fields("ACCOUNT_UNLOCKED", "SUCCESS", "system", "NONE", null, null,
                        username, null, null, (wasLocked ? "was locked" : "failure count cleared")
                                + "; EST_ADMIN_PASSWORD applied at start"));
            }
            return false;
        }
        accounts.add(new Account(username, PasswordHasher.hash(password.orElseGet(generated)), "admin"));
        audit.record(new AuditEvent.Fields("ACCOUNT_CREATED", "SUCCESS", "system", "NONE", null, null, username,
                null, null, "bootstrap admin"));
        return true;
    }
}
