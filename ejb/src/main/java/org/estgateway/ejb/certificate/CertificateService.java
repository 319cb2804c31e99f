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
import org.estgateway.ejb.error.EstException;
import org.estgateway.persistence.audit.AuditEvent;
import org.estgateway.persistence.ca.CaRepository;
import org.estgateway.persistence.certificate.IssuedCertificate;
import org.estgateway.persistence.certificate.IssuedCertificateRepository;
import org.estgateway.persistence.role.CertificateRole;
import org.estgateway.persistence.role.CertificateRoleRepository;

/**
 * Issued certificates for administrators: search, revocation, officer roles (SPEC §10, §4.4). A certificate is
 * addressed by its serial and, since a serial is unique per CA only, optionally its CA ({@link CertificateAddress}).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class CertificateService {
    @Inject
    IssuedCertificateRepository certificates;
    @Inject
    CertificateRoleRepository roles;
    @Inject
    AuditService audit;
    @Inject
    CaRepository cas;

    /** A certificate as the API shows it. */
    public record View(String serialHex, String subject, String san, String issuer, String notBefore, String notAfter,
            String sha256, String status, String revokedAt, String revocationReason, long deviceId, String device,
            String handler, String label, String operation, String authMethod, String authIdentity, String issuedAt,
            String renewedFromSerial, List<String> roles, String pem, String ca) {
    }

    public List<View> search(String subject, String serialHex, Long deviceId, String status, String issuedAfter,
            String issuedBefore, String ca, int offset, int limit) {
        String normalisedStatus = status == null || status.isBlank() ? null : status.toUpperCase(Locale.ROOT);
        if (normalisedStatus != null && !List.of(IssuedCertificate.VALID, IssuedCertificate.REVOKED).contains(normalisedStatus)) {
            throw new MalformedRequest("status must be VALID or REVOKED");
        }
        return certificates.search(blank(subject), blank(serialHex) == null ? null : CertificateAddress.serial(serialHex),
                deviceId, normalisedStatus, instant("issuedAfter", issuedAfter), instant("issuedBefore", issuedBefore),
                blank(ca), offset, limit).stream().map(this::view).toList();
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

    /** The certificate with this serial, of the CA {@code ca} when given (null: the only one with that serial). */
    public View get(String serialHex, String ca) {
        return view(find(CertificateAddress.of(serialHex, ca), false));
    }

    /**
     * Revokes the certificate with this serial (of the CA {@code ca} when given); the CA's CRL lists it from its next
     * build. A refusal (unknown CA or certificate, ambiguous serial, already revoked, bad reason) is audited.
     */
    public View revoke(String serialHex, String ca, String reason, String actor) {
        IssuedCertificate c = null;
        try {
            RevocationReason r = RevocationReason.of(reason == null ? "unspecified" : reason)
                    .orElseThrow(() -> new MalformedRequest("reason must be one of " + Arrays.toString(RevocationReason.values())));
            c = find(CertificateAddress.of(serialHex, ca), true);
            if (c.revoked()) {
                throw new Conflict("certificate " + c.serialHex() + " of CA '" + c.ca() + "' is already revoked");
            }
            c.revoke(r.name(), Instant.now());
            audit.record(new AuditEvent.Fields("CERTIFICATE_REVOKED", "SUCCESS", actor, "HTTP_BASIC", null, null,
                    c.subjectDn(), c.serialHex(), 200, r.name()).withCa(c.ca()));
            return view(c);
        } catch (MalformedRequest | NotFound | Conflict e) {
            refused("CERTIFICATE_REVOKED", actor, c, serialHex, ca, e);
            throw e;
        }
    }

    public View grantRole(String serialHex, String ca, String role, String actor) {
        if (role == null || !role.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new MalformedRequest("role must be 1 to 64 letters, digits, '-' or '_'");
        }
        IssuedCertificate c = find(CertificateAddress.of(serialHex, ca), false);
        if (c.revoked()) {
            throw new Conflict("certificate " + c.serialHex() + " is revoked");
        }
        if (roles.rolesOf(c.id()).contains(role)) {
            throw new Conflict("certificate " + c.serialHex() + " already holds role " + role);
        }
        roles.add(new CertificateRole(c, role, actor));
        audit.record(new AuditEvent.Fields("CERTIFICATE_ROLE_GRANTED", "SUCCESS", actor, "HTTP_BASIC", null, null,
                c.subjectDn(), c.serialHex(), 200, role).withCa(c.ca()));
        return view(c);
    }

    /** 404 for a CA that does not exist, else the one certificate the address names (404 none, 409 ambiguous). */
    private IssuedCertificate find(CertificateAddress address, boolean lock) {
        address.ca().filter(name -> cas.find(name).isEmpty()).ifPresent(name -> {
            throw new NotFound("no CA named '" + name + "'");
        });
        return address.choose(certificates.bySerial(address.serial(), address.ca(), lock), IssuedCertificate::ca);
    }

    /** The refusal's audit event, in its own transaction (this one rolls back); its CA when the certificate is known. */
    private void refused(String event, String actor, IssuedCertificate c, String serialHex, String ca, EstException e) {
        String knownCa = c != null ? c.ca() : (ca != null && cas.find(ca.strip()).isPresent() ? ca.strip() : null);
        audit.recordAlone(new AuditEvent.Fields(event, "REFUSED", actor, "HTTP_BASIC", null, null,
                c == null ? null : c.subjectDn(), c != null ? c.serialHex() : serialHex, e.status(),
                e.getMessage()).withCa(knownCa));
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
                org.estgateway.ejb.pki.CertificateDer.parse(c.der()).pem(), c.ca());
    }
}
