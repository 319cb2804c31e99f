// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.approval;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.estgateway.ejb.audit.AuditService;
import org.estgateway.ejb.auth.Requester;
import org.estgateway.ejb.ca.CaRegistry;
import org.estgateway.ejb.ca.IssuingCa;
import org.estgateway.ejb.ca.CertificateTemplate;
import org.estgateway.ejb.config.ConfigurationBean;
import org.estgateway.ejb.config.Handler;
import org.estgateway.ejb.enroll.EnrollmentCommand;
import org.estgateway.ejb.enroll.EnrollmentOutcome;
import org.estgateway.ejb.enroll.IssuanceRecorder;
import org.estgateway.ejb.error.Conflict;
import org.estgateway.ejb.error.Forbidden;
import org.estgateway.ejb.error.MalformedRequest;
import org.estgateway.ejb.error.NotFound;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.ejb.pki.CertsOnly;
import org.estgateway.ejb.pki.Pkcs10Request;
import org.estgateway.ejb.policy.EnrollmentPolicy;
import org.estgateway.ejb.policy.KeyPolicy;
import org.estgateway.persistence.approval.ApprovalRequest;
import org.estgateway.persistence.approval.ApprovalRepository;
import org.estgateway.persistence.audit.AuditEvent;
import org.estgateway.persistence.certificate.IssuedCertificateRepository;

/**
 * SPEC §8, manual authorization. A request to an approval handler is recognised on every poll by
 * SHA-256(CSR) and the authenticated identity: 202 while pending, 200 with the certificate issued at
 * approval (the same one on every later poll), 403 once rejected, expired or superseded. A requester has at
 * most one pending request per handler: a different CSR supersedes the pending one (the device made a new
 * key; the operator decides on the newest).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class ApprovalService {
    @Inject
    ApprovalRepository approvals;
    @Inject
    IssuedCertificateRepository certificates;
    @Inject
    IssuanceRecorder recorder;
    @Inject
    CaRegistry cas;
    @Inject
    AuditService audit;
    @EJB
    ConfigurationBean configuration;

    /** Called by the enrollment service after authentication and the policy checks passed. */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public EnrollmentOutcome poll(EnrollmentCommand cmd, Requester requester, Pkcs10Request csr, String subject, String san) {
        Instant now = Instant.now();
        Optional<ApprovalRequest> known = approvals.latest(csr.sha256().hex(), requester.identity())
                .filter(a -> a.handler().equals(cmd.handler().id()));
        if (known.isPresent()) {
            ApprovalRequest a = known.get();
            if (a.expiredAt(now)) {
                throw new Forbidden("approval: the request expired unanswered; send a new request (new key)");
            }
            return switch (a.status()) {
                case ApprovalRequest.PENDING -> pending(cmd, requester, a);
                case ApprovalRequest.APPROVED -> issuedOnApproval(a, requester);
                case ApprovalRequest.REJECTED -> throw new Forbidden("approval: rejected by " + a.decidedBy()
                        + (a.reason() == null ? "" : ": " + a.reason()));
                default -> throw new Forbidden("approval: superseded by a newer request");
            };
        }
        approvals.pendingFor(requester.identity(), cmd.handler().id()).ifPresent(old -> {
            old.supersede(now);
            audit.record(decisionEvent("APPROVAL_SUPERSEDED", "system", old, null, cmd.handler().procedure().ca()));
            approvals.flush(); // the unique "one pending per requester and handler" index sees it gone
        });
        Long deviceId = requester.deviceId() >= 0 ? requester.deviceId() : null;
        ApprovalRequest created = approvals.add(new ApprovalRequest(new ApprovalRequest.Content(cmd.handler().id(),
                cmd.label(), csr.der(), csr.sha256().hex(), requester.identity(), requester.authMethod(), deviceId,
                subject, san, KeyPolicy.check(csr.publicKey()), cmd.credentials().sourceAddress()), now,
                now.plus(cmd.handler().approval().expiry())));
        return pending(cmd, requester, created);
    }

    /** The certificate issued when the request was approved: the same one on every poll. */
    private EnrollmentOutcome issuedOnApproval(ApprovalRequest a, Requester requester) {
        var issued = certificates.byId(a.certificateId()).orElseThrow();
        return new EnrollmentOutcome.Issued(CertsOnly.of(List.of(CertificateDer.parse(issued.der()))),
                requester.identity(), issued.serialHex());
    }

    private static EnrollmentOutcome pending(EnrollmentCommand cmd, Requester requester, ApprovalRequest a) {
        return new EnrollmentOutcome.Pending(cmd.handler().approval().retryAfter(), requester.identity(), a.id());
    }

    public ApprovalView approve(long id, String actor) {
        ApprovalRequest a = decidable(id);
        Handler handler = configuration.config().handlers().stream().filter(h -> h.id().equals(a.handler())).findFirst()
                .orElseThrow(() -> new Conflict("handler " + a.handler() + " is no longer configured"));
        Pkcs10Request csr = Pkcs10Request.fromDer(a.csrDer());
        IssuingCa ca = cas.get(handler.procedure().ca());
        CertificateTemplate template = EnrollmentPolicy.of(handler).approvedTemplate(csr, Instant.now(), ca.notAfter());
        CertificateDer cert = ca.issue(template);
        long certificateId = recorder.recordApproved(a, cert, ca);
        a.approve(actor, Instant.now(), certificateId);
        audit.record(decisionEvent("APPROVAL_APPROVED", actor, a, cert.serial().hex(), ca.name()));
        return ApprovalView.of(a, Instant.now());
    }

    public ApprovalView reject(long id, String reason, String actor) {
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw new MalformedRequest("reason is required (at most 500 characters)");
        }
        ApprovalRequest a = decidable(id);
        a.reject(actor, Instant.now(), reason.strip());
        String ca = configuration.config().handlers().stream().filter(h -> h.id().equals(a.handler())).findFirst()
                .map(h -> h.procedure().ca()).orElse(null); // null: the handler is no longer configured
        audit.record(decisionEvent("APPROVAL_REJECTED", actor, a, null, ca));
        return ApprovalView.of(a, Instant.now());
    }

    public List<ApprovalView> list(String status, int offset, int limit) {
        String s = status == null || status.isBlank() ? null : status.strip().toUpperCase(java.util.Locale.ROOT);
        if (s != null && !List.of("PENDING", "APPROVED", "REJECTED", "SUPERSEDED", "DECIDED").contains(s)) {
            throw new MalformedRequest("status must be PENDING, APPROVED, REJECTED, SUPERSEDED or DECIDED");
        }
        Instant now = Instant.now();
        return approvals.list(s, offset, limit).stream().filter(a -> !"PENDING".equals(s) || !a.expiredAt(now))
                .map(a -> ApprovalView.of(a, now)).toList();
    }

    public ApprovalView get(long id) {
        return ApprovalView.of(approvals.byId(id).orElseThrow(() -> new NotFound("no approval request " + id)), Instant.now());
    }

    /** Locks the row: of two operators deciding at once, the second finds it decided (409). */
    private ApprovalRequest decidable(long id) {
        ApprovalRequest a = approvals.byIdForUpdate(id).orElseThrow(() -> new NotFound("no approval request " + id));
        if (!ApprovalRequest.PENDING.equals(a.status())) {
            throw new Conflict("approval request " + id + " is already " + a.status());
        }
        if (a.expiredAt(Instant.now())) {
            throw new Conflict("approval request " + id + " has expired");
        }
        return a;
    }

    private static AuditEvent.Fields decisionEvent(String type, String actor, ApprovalRequest a, String serial, String ca) {
        return new AuditEvent.Fields(type, "SUCCESS", actor, "ADMIN_API", null, a.label(), a.subjectDn(), serial, null,
                "request " + a.id() + " of " + a.requesterIdentity() + (a.reason() == null ? "" : ": " + a.reason()),
                a.handler(), ca);
    }
}
