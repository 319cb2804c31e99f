// SPDX-License-Identifier: Apache-2.0
package org.estgateway.persistence.device;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A device preregistered by an administrator; its HTTP user name is its common name. */
@Entity
@Table(name = "device")
public class Device {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "common_name", nullable = false, updatable = false)
    private String commonName;
    @Column(name = "password_hash")
    private String passwordHash;
    @Column(name = "one_time", nullable = false)
    private boolean oneTime;
    @Column(nullable = false)
    private boolean enabled = true;
    @Column(name = "serial_number")
    private String serialNumber;
    @Column(name = "ip_address")
    private String ipAddress;
    @Column(name = "dns_name")
    private String dnsName;
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;
    @Column(name = "created_by", nullable = false, updatable = false)
    private String createdBy;
    @Column(name = "failed_attempts", nullable = false)
    private int failedAttempts;
    @Column(name = "locked_until")
    private Instant lockedUntil;
    @Version
    private long version;

    protected Device() {
    }

    public Device(String commonName, String passwordHash, boolean oneTime, String createdBy) {
        this.commonName = commonName;
        this.passwordHash = passwordHash;
        this.oneTime = oneTime;
        this.createdBy = createdBy;
        this.createdAt = Instant.now();
    }

    public Long id() { return id; }
    public String commonName() { return commonName; }
    public String passwordHash() { return passwordHash; }
    public boolean oneTime() { return oneTime; }
    public boolean enabled() { return enabled; }
    public String serialNumber() { return serialNumber; }
    public String ipAddress() { return ipAddress; }
    public String dnsName() { return dnsName; }
    public Instant createdAt() { return createdAt; }
    public String createdBy() { return createdBy; }

    public void registerValues(String serialNumber, String ipAddress, String dnsName) {
        this.serialNumber = serialNumber;
        this.ipAddress = ipAddress;
        this.dnsName = dnsName;
    }

    /** A one-time password is gone once an enrollment succeeded with it. */
    public void consumePassword() {
        this.passwordHash = null;
    }

    public int failedAttempts() { return failedAttempts; }
    public Instant lockedUntil() { return lockedUntil; }

    public boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public void disable() {
        this.enabled = false;
    }

    public void changePassword(String passwordHash, boolean oneTime) {
        this.passwordHash = passwordHash;
        this.oneTime = oneTime;
    }

    /** A failed password: counts, and locks the device for {@code lock} from {@code now} when given. */
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
