// SPDX-License-Identifier: Apache-2.0
package org.estgateway.persistence.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A named account of the admin API with one role: admin, operator or auditor. */
@Entity
@Table(name = "account")
public class Account {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(nullable = false, updatable = false)
    private String username;
    @Column(name = "password_hash")
    private String passwordHash;
    @Column(name = "certificate_sha256")
    private String certificateSha256;
    @Column(name = "created_by")
    private String createdBy;
    @Column(nullable = false)
    private String role;
    @Column(nullable = false)
    private boolean enabled = true;
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;
    @Column(name = "failed_attempts", nullable = false)
    private int failedAttempts;
    @Column(name = "locked_until")
    private Instant lockedUntil;
    @Version
    private long version;

    protected Account() {
    }

    public Account(String username, String passwordHash, String role) {
        this(username, passwordHash, null, role, "system");
    }

    public Account(String username, String passwordHash, String certificateSha256, String role, String createdBy) {
        this.username = username;
        this.passwordHash = passwordHash;
        this.certificateSha256 = certificateSha256;
        this.role = role;
        this.createdBy = createdBy;
        this.createdAt = Instant.now();
    }

    public Long id() { return id; }
    public String username() { return username; }
    public String passwordHash() { return passwordHash; }
    public String role() { return role; }
    public boolean enabled() { return enabled; }
    public String certificateSha256() { return certificateSha256; }
    public String createdBy() { return createdBy; }
    public Instant createdAt() { return createdAt; }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public void setRole(String role) {
        this.role = role;
    }

    public void changePassword(String passwordHash) {
        this.passwordHash = passwordHash;
    }

    public int failedAttempts() { return failedAttempts; }
    public Instant lockedUntil() { return lockedUntil; }

    public boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    /** A failed password: counts, and locks the account until {@code lockedUntil} when given. */
    public void failedLogin(Instant lockedUntil) {
        this.failedAttempts++;
        if (lockedUntil != null) {
            this.lockedUntil = lockedUntil;
        }
    }

    public void unlock() {
        this.failedAttempts = 0;
        this.lockedUntil = null;
    }
}
