// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.auth;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import org.estgateway.ejb.audit.AuditService;
import org.estgateway.persistence.audit.AuditEvent;
import org.estgateway.persistence.device.Device;
import org.estgateway.persistence.device.DeviceRepository;

/**
 * Counts failed device passwords in a transaction of its own: the refused request's rolls back. The row is
 * read with SELECT ... FOR UPDATE, so parallel failures count one by one and never conflict on {@code version}.
 */
@Stateless
public class LoginFailures {
    @Inject
    org.estgateway.ejb.metrics.EstMetrics metrics;
    @Inject
    DeviceRepository devices;
    @Inject
    AuditService audit;

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void recordFailure(long deviceId, String sourceAddress) {
        Device device = devices.byIdForUpdate(deviceId).orElse(null);
        if (device == null) {
            return;
        }
        Optional<Instant> until = LockoutPolicy.lockedUntil(device.failedAttempts() + 1, Instant.now());
        device.failedLogin(until.orElse(null));
        if (until.isPresent()) {
            metrics.lockout("device"); // est_lockouts_total
            audit.record(new AuditEvent.Fields("DEVICE_LOCKED", "SUCCESS", "system", "NONE", sourceAddress, null,
                    "CN=" + device.commonName(), null, null, device.failedAttempts() + " failed passwords; locked until "
                            + until.get()));
        }
    }

    /**
     * An attempt on a locked device: audited, not counted (counting would lengthen the lock on every guess and
     * let anyone keep a device locked for 24 hours). The client cannot tell it from a wrong password.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void recordLockedAttempt(long deviceId, String authMethod, String sourceAddress) {
        devices.byId(deviceId).ifPresent(device -> audit.record(new AuditEvent.Fields("LOGIN_FAILED", "REFUSED",
                device.commonName(), authMethod, sourceAddress, null, "CN=" + device.commonName(), null, 401,
                "device is locked until " + device.lockedUntil())));
    }
}
