// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.enroll;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.GeneralName;
import org.estgateway.ejb.audit.AuditService;
import org.estgateway.ejb.auth.Authenticator;
import org.estgateway.ejb.auth.Requester;
import org.estgateway.ejb.ca.CaSigner;
import org.estgateway.ejb.ca.CertificateTemplate;
import org.estgateway.ejb.error.EstException;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.ejb.pki.CertsOnly;
import org.estgateway.ejb.pki.Pkcs10Request;
import org.estgateway.ejb.policy.EnrollmentPolicy;
import org.estgateway.ejb.policy.Profile;
import org.estgateway.persistence.audit.AuditEvent;
import org.estgateway.persistence.certificate.IssuedCertificate;
import org.estgateway.persistence.certificate.IssuedCertificateRepository;
import org.estgateway.persistence.device.Device;
import org.estgateway.persistence.device.DeviceRepository;

/**
 * simpleenroll and simplereenroll, one transaction each: authenticate, decode, apply the policy, sign,
 * record. The certificate row and its audit event commit before the response is written, so a certificate
 * a client received is always on record (SPEC §11). A refusal rolls everything back but its audit event.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class EnrollmentService {
    private static final EnrollmentPolicy POLICY = new EnrollmentPolicy(Profile.DEVICE, false);

    @Inject
    Authenticator authenticator;
    @Inject
    CaSigner ca;
    @Inject
    DeviceRepository devices;
    @Inject
    IssuedCertificateRepository certificates;
    @Inject
    AuditService audit;

    public EnrollmentOutcome enroll(EnrollmentCommand cmd) {
        Requester requester = null;
        Pkcs10Request csr = null;
        try {
            requester = authenticator.authenticate(cmd.credentials(), cmd.operation(), cmd.realm());
            csr = Pkcs10Request.fromBody(cmd.body());
            CertificateTemplate template = POLICY.decide(csr, requester, cmd.operation(), Instant.now(),
                    ca.caCertificate().holder().getNotAfter().toInstant());
            CertificateDer cert = ca.issue(template);
            record(cmd, requester, csr, cert);
            audit.record(event(cmd, requester, template.subject().toString(), "SUCCESS", cert.serial().hex(), 200,
                    null));
            return new EnrollmentOutcome.Issued(CertsOnly.of(List.of(cert)), requester.identity(), cert.serial().hex());
        } catch (EstException e) {
            audit.recordAlone(event(cmd, requester, csr == null ? null : csr.subject().toString(), "REFUSED", null,
                    e.status(), e.getMessage()));
            throw e.markAudited(requester == null ? null : requester.identity());
        }
    }

    private void record(EnrollmentCommand cmd, Requester requester, Pkcs10Request csr, CertificateDer cert) {
        Device device = devices.byId(requester.deviceId()).orElseThrow();
        IssuedCertificate renewed = null;
        if (cmd.operation() == EstOperation.SIMPLEREENROLL && requester instanceof Requester.CertificateLogin login) {
            renewed = certificates.byId(login.certificateId()).orElseThrow();
        }
        var holder = cert.holder();
        var issued = new IssuedCertificate.Issued(cert.serial().hex(), holder.getIssuer().toString(),
                holder.getSubject().toString(), encoded(holder.getSubject()), sanText(cert),
                holder.getNotBefore().toInstant(), holder.getNotAfter().toInstant(), cert.sha256().hex(), cert.der());
        var request = new IssuedCertificate.Request(cmd.label(), cmd.operation().path(), requester.authMethod(),
                requester.identity(), csr.sha256().hex());
        certificates.add(IssuedCertificate.of(device, issued, request, renewed));
        if (requester instanceof Requester.DeviceLogin && device.oneTime()) {
            device.consumePassword();
        }
    }

    private static AuditEvent.Fields event(EnrollmentCommand cmd, Requester requester, String subject,
            String outcome, String serial, int status, String reason) {
        String type = cmd.operation() == EstOperation.SIMPLEREENROLL ? "REENROLL" : "ENROLL";
        String actor;
        String method;
        if (requester != null) {
            actor = requester.identity();
            method = requester.authMethod();
        } else if (cmd.credentials().basic().isPresent()) {
            actor = cmd.credentials().basic().get().user(); // claimed, not authenticated: outcome says so
            method = Requester.AUTH_BASIC;
        } else if (cmd.credentials().tlsCertificate().isPresent()) {
            actor = cmd.credentials().tlsCertificate().get().holder().getSubject().toString();
            method = Requester.AUTH_TLS;
        } else {
            actor = null;
            method = "NONE";
        }
        return new AuditEvent.Fields(type, outcome, actor, method, cmd.credentials().sourceAddress(), cmd.label(),
                subject, serial, status, reason);
    }

    private static byte[] encoded(org.bouncycastle.asn1.x500.X500Name name) {
        try {
            return name.getEncoded("DER");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "DNS:a.example, IP:10.0.0.1" for the DBA's eyes; the DER stays in the certificate. */
    static String sanText(CertificateDer cert) {
        var sans = org.bouncycastle.asn1.x509.GeneralNames.fromExtensions(cert.holder().getExtensions(),
                org.bouncycastle.asn1.x509.Extension.subjectAlternativeName);
        if (sans == null) {
            return null;
        }
        return Stream.of(sans.getNames()).map(EnrollmentService::sanEntry).collect(Collectors.joining(", "));
    }

    private static String sanEntry(GeneralName name) {
        return switch (name.getTagNo()) {
            case GeneralName.dNSName -> "DNS:" + name.getName();
            case GeneralName.iPAddress -> "IP:" + ipText(
                    org.bouncycastle.asn1.DEROctetString.getInstance(name.getName()).getOctets());
            case GeneralName.rfc822Name -> "email:" + name.getName();
            case GeneralName.uniformResourceIdentifier -> "URI:" + name.getName();
            default -> "other:" + name.getTagNo();
        };
    }

    private static String ipText(byte[] address) {
        try {
            return java.net.InetAddress.getByAddress(address).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return "invalid";
        }
    }
}
