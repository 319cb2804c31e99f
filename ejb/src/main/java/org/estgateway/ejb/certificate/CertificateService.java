// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.certificate;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.estgateway.ejb.audit.AuditService;
import org.estgateway.ejb.error.Conflict;
import org.estgateway.ejb.error.MalformedRequest;
import org.estgateway.ejb.error.NotFound;
import org.estgateway.persistence.audit.AuditEvent;
import org.estgateway.persistence.certificate.IssuedCertificate;
import org.estgateway.persistence.certificate.IssuedCertificateRepository;
import org.estgateway.persistence.role.CertificateRole;
import org.estgateway.persistence.role.CertificateRoleRepository;

/** Issued certificates for administrators: search, revocation, officer roles (SPEC §10, §4.4). */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class CertificateService {
    @Inject
    IssuedCertificateRepository certificates;
    @Inject
    CertificateRoleRepository roles;
    @Inject
    AuditService audit;

    /** A certificate as the API shows it. */
    public record View(String serialHex, String subject, String san, String issuer, String notBefore, String notAfter,
            String sha256, String status, String revokedAt, String revocationReason, long deviceId, String device,
            String handler, String label, String operation, String authMethod, String authIdentity, String issuedAt,
            String renewedFromSerial, List<String> roles, String pem) {
    }

    public List<View> search(String subject, String serialHex, Long deviceId, String status, String issuedAfter,
            String issuedBefore, int offset, int limit) {
        String normalisedStatus = status == null || status.isBlank() ? null : status.toUpperCase(Locale.ROOT);
        if (normalisedStatus != null && !List.of(IssuedCertificate.VALID, IssuedCertificate.REVOKED).contains(normalisedStatus)) {
            throw new MalformedRequest("status must be VALID or REVOKED");
        }
        return certificates.search(blank(subject), blank(serialHex) == null ? null : serial(serialHex), deviceId,
                normalisedStatus, instant("issuedAfter", issuedAfter), instant("issuedBefore", issuedBefore), offset, limit)
                .stream().map(this::view).toList();
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new MalformedRequest(name + " must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
        }
    }

    public View get(String serialHex) {
        return view(find(serialHex));
    }

    public View revoke(String serialHex, String reason, String actor) {
        RevocationReason r = RevocationReason.of(reason == null ? "unspecified" : reason)
                .orElseThrow(() -> new MalformedRequest("reason must be one of " + Arrays.toString(RevocationReason.values())));
        IssuedCertificate c = certificates.bySerialForUpdate(serial(serialHex))
                .orElseThrow(() -> new NotFound("no certificate with serial " + serialHex));
        if (c.revoked()) {
            throw new Conflict("certificate " + c.serialHex() + " is already revoked");
        }
        c.revoke(r.name(), Instant.now());
        audit.record(new AuditEvent.Fields("CERTIFICATE_REVOKED", "SUCCESS", actor, "HTTP_BASIC", null, null,
                c.subjectDn(), c.serialHex(), 200, r.name()));
        return view(c);
    }

    public View grantRole(String serialHex, String role, String actor) {
        if (role == null || !role.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new MalformedRequest("role must be 1 to 64 letters, digits, '-' or '_'");
        }
        IssuedCertificate c = find(serialHex);
        if (c.revoked()) {
            throw new Conflict("certificate " + c.serialHex() + " is revoked");
        }
        if (roles.rolesOf(c.id()).contains(role)) {
            throw new Conflict("certificate " + c.serialHex() + " already holds role " + role);
        }
        roles.add(new CertificateRole(c, role, actor));
        audit.record(new AuditEvent.Fields("CERTIFICATE_ROLE_GRANTED", "SUCCESS", actor, "HTTP_BASIC", null, null,
                c.subjectDn(), c.serialHex(), 200, role));
        return view(c);
    }

    private IssuedCertificate find(String serialHex) {
        return certificates.bySerial(serial(serialHex))
                .orElseThrow(() -> new NotFound("no certificate with serial " + serialHex));
    }

    /** Serials are stored as lower-case hex without leading zeros; accept colons and upper case. */
    static String serial(String hex) {
        String s = hex.replace(":", "").toLowerCase(Locale.ROOT).replaceFirst("^0+(?=.)", "");
        if (!s.matches("[0-9a-f]{1,40}")) {
            throw new MalformedRequest("serial must be hexadecimal");
        }
        return s;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private View view(IssuedCertificate c) {
        return new View(c.serialHex(), c.subjectDn(), c.san(), c.issuerDn(), c.notBefore().toString(),
                c.notAfter().toString(), c.sha256(), c.status(), c.revokedAt() == null ? null : c.revokedAt().toString(),
                c.revocationReason(), c.device().id(), c.device().commonName(), c.handler(), c.label(), c.operation(),
                c.authMethod(), c.authIdentity(), c.issuedAt().toString(),
                c.renewedFrom() == null ? null : c.renewedFrom().serialHex(),
                List.copyOf(new java.util.TreeSet<>(roles.rolesOf(c.id()))),
                org.estgateway.ejb.pki.CertificateDer.parse(c.der()).pem());
    }
}
