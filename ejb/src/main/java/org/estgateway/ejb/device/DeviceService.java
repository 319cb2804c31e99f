// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.device;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.List;
import org.estgateway.ejb.audit.AuditService;
import org.estgateway.ejb.auth.PasswordHasher;
import org.estgateway.ejb.error.Conflict;
import org.estgateway.ejb.error.MalformedRequest;
import org.estgateway.ejb.error.NotFound;
import org.estgateway.ejb.policy.SubjectCompletion;
import org.estgateway.persistence.audit.AuditEvent;
import org.estgateway.persistence.device.Device;
import org.estgateway.persistence.device.DeviceRepository;

/** Device preregistration by administrators (SPEC §4.2, §10). */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class DeviceService {
    static final int MIN_PASSWORD_LENGTH = 8;

    @Inject
    DeviceRepository devices;
    @Inject
    AuditService audit;

    /** A preregistration request; optional values are null. */
    public record Registration(String commonName, String password, boolean oneTime, String serialNumber,
            String ipAddress, String dnsName) {
    }

    /** A device as the API shows it (never the password hash). */
    public record View(long id, String commonName, boolean enabled, boolean hasPassword, boolean oneTime,
            String serialNumber, String ipAddress, String dnsName, String createdAt, String createdBy) {
        static View of(Device d) {
            return new View(d.id(), d.commonName(), d.enabled(), d.passwordHash() != null, d.oneTime(),
                    d.serialNumber(), d.ipAddress(), d.dnsName(), d.createdAt().toString(), d.createdBy());
        }
    }

    public View register(Registration r, String actor) {
        validate(r);
        if (devices.byCommonName(r.commonName()).isPresent()) {
            throw new Conflict("a device with commonName '" + r.commonName() + "' exists");
        }
        Device device = new Device(r.commonName(), PasswordHasher.hash(r.password()), r.oneTime(), actor);
        device.registerValues(blankToNull(r.serialNumber()), blankToNull(r.ipAddress()), blankToNull(r.dnsName()));
        devices.add(device);
        audit.record(new AuditEvent.Fields("DEVICE_CREATED", "SUCCESS", actor, "HTTP_BASIC", null, null,
                "CN=" + r.commonName(), null, 201, r.oneTime() ? "one-time password" : null));
        return View.of(device);
    }

    public View get(long id) {
        return devices.byId(id).map(View::of).orElseThrow(() -> new NotFound("no device with id " + id));
    }

    public List<View> list(int offset, int limit) {
        return devices.list(offset, limit).stream().map(View::of).toList();
    }

    static void validate(Registration r) {
        if (r.commonName() == null || r.commonName().isBlank()) {
            throw new MalformedRequest("commonName is required");
        }
        if (r.commonName().length() > 64 || !r.commonName().equals(r.commonName().strip())
                || r.commonName().chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == ':')) {
            throw new MalformedRequest("commonName must be 1 to 64 printable characters without ':' "
                    + "or surrounding spaces");
        }
        if (r.password() == null || r.password().length() < MIN_PASSWORD_LENGTH) {
            throw new MalformedRequest("password is required, at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (r.ipAddress() != null && !r.ipAddress().isBlank()
                && SubjectCompletion.ipAddress(r.ipAddress().strip()).isEmpty()) {
            throw new MalformedRequest("ipAddress is not an IPv4 or IPv6 address");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
