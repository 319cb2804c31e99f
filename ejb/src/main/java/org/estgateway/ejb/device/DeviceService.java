// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.device;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.estgateway.ejb.audit.AuditService;
import org.estgateway.ejb.auth.PasswordHasher;
import org.estgateway.ejb.auth.digest.DigestMath;
import org.estgateway.ejb.config.ConfigurationBean;
import org.estgateway.ejb.config.Handler;
import org.estgateway.ejb.error.Conflict;
import org.estgateway.ejb.error.NotFound;
import org.estgateway.persistence.audit.AuditEvent;
import org.estgateway.persistence.device.Device;
import org.estgateway.persistence.device.DeviceRepository;
import org.estgateway.persistence.digest.DigestRepository;

/**
 * Device preregistration by administrators (SPEC §4.2, §10). Passwords are stored as a slow hash (Basic)
 * and, for HTTP Digest, as H(user:realm:password) for every realm the enrolling handlers use at the time
 * the password is set. Every change is audited with who made it.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class DeviceService {
    @Inject
    DeviceRepository devices;
    @Inject
    DigestRepository digests;
    @Inject
    AuditService audit;
    @EJB
    ConfigurationBean configuration;

    /** A preregistration request; optional values are null. */
    public record Registration(String commonName, String password, boolean oneTime, String serialNumber,
            String ipAddress, String dnsName) {
    }

    /** A device as the API shows it (never the password or its hashes). */
    public record View(long id, String commonName, boolean enabled, boolean hasPassword, boolean oneTime,
            String serialNumber, String ipAddress, String dnsName, String createdAt, String createdBy,
            int failedAttempts, String lockedUntil) {
        static View of(Device d) {
            boolean locked = d.lockedAt(Instant.now());
            return new View(d.id(), d.commonName(), d.enabled(), d.passwordHash() != null, d.oneTime(),
                    d.serialNumber(), d.ipAddress(), d.dnsName(), d.createdAt().toString(), d.createdBy(),
                    d.failedAttempts(), locked ? d.lockedUntil().toString() : null);
        }
    }

    public View register(Registration r, String actor) {
        validate(r);
        Conflict exists = new Conflict("a device with commonName '" + r.commonName() + "' exists");
        if (devices.byCommonName(r.commonName()).isPresent()) {
            throw exists;
        }
        Device device = new Device(r.commonName(), PasswordHasher.hash(r.password()), r.oneTime(), actor);
        device.registerValues(blankToNull(r.serialNumber()), blankToNull(r.ipAddress()), blankToNull(r.dnsName()));
        // Two creates of one name at once both pass the SELECT above; the unique key decides, the loser gets 409.
        devices.addUnlessTaken(device).orElseThrow(() -> exists);
        storeDigests(device, r.password());
        audit.record(event("DEVICE_CREATED", actor, device, r.oneTime() ? "one-time password" : null));
        return View.of(device);
    }

    public View get(long id) {
        return View.of(find(id));
    }

    public List<View> search(String name, Boolean enabled, Boolean locked, int offset, int limit) {
        return devices.search(blankToNull(name), enabled, locked, offset, limit).stream().map(View::of).toList();
    }

    public View setEnabled(long id, boolean enabled, String actor) {
        Device device = find(id);
        device.setEnabled(enabled);
        audit.record(event(enabled ? "DEVICE_ENABLED" : "DEVICE_DISABLED", actor, device, null));
        return View.of(device);
    }

    public View setPassword(long id, String password, boolean oneTime, String actor) {
        DeviceFields.password(password);
        Device device = find(id);
        device.changePassword(PasswordHasher.hash(password), oneTime);
        device.unlock();
        digests.removeAll(device.id());
        storeDigests(device, password);
        audit.record(event("DEVICE_PASSWORD_SET", actor, device, oneTime ? "one-time password" : null));
        return View.of(device);
    }

    public View unlock(long id, String actor) {
        Device device = find(id);
        device.unlock();
        audit.record(event("DEVICE_UNLOCKED", actor, device, null));
        return View.of(device);
    }

    /**
     * Devices that have certificates or approval requests stay: their history is never deleted (disable them
     * instead).
     */
    public void delete(long id, String actor) {
        Device device = find(id);
        if (devices.hasCertificates(id)) {
            throw new Conflict("device '" + device.commonName() + "' has issued certificates; disable it instead");
        }
        if (devices.hasApprovalRequests(id)) {
            throw new Conflict("device '" + device.commonName() + "' has approval requests; disable it instead");
        }
        digests.removeAll(id);
        audit.record(event("DEVICE_DELETED", actor, device, null));
        devices.remove(device);
    }

    private Device find(long id) {
        return devices.byIdForUpdate(id).orElseThrow(() -> new NotFound("no device with id " + id));
    }

    private void storeDigests(Device device, String password) {
        for (String realm : realms()) {
            for (String algorithm : DigestMath.ALGORITHMS) {
                digests.replaceHa1(device.id(), realm, algorithm,
                        DigestMath.ha1(algorithm, device.commonName(), realm, password));
            }
        }
    }

    private Set<String> realms() {
        return configuration.config().handlers().stream().filter(h -> h.format().enrolls()).map(Handler::realm)
                .collect(Collectors.toSet());
    }

    private static AuditEvent.Fields event(String type, String actor, Device device, String reason) {
        return new AuditEvent.Fields(type, "SUCCESS", actor, "ADMIN_API", null, null, "CN=" + device.commonName(),
                null, null, reason);
    }

    /** The JSON API and the CSV import share these rules (and limits, see {@link DeviceFields}). */
    static void validate(Registration r) {
        DeviceFields.commonName(r.commonName());
        DeviceFields.password(r.password());
        DeviceFields.serialNumber(r.serialNumber());
        DeviceFields.ipAddress(r.ipAddress());
        DeviceFields.dnsName(r.dnsName());
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
