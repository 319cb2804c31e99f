// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.enroll;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.estgateway.ejb.auth.Requester;
import org.estgateway.ejb.error.Conflict;
import org.estgateway.ejb.error.Forbidden;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.ejb.pki.Pkcs10Request;
import org.estgateway.ejb.policy.SubjectCompletion;
import org.estgateway.persistence.certificate.IssuedCertificate;
import org.estgateway.persistence.certificate.IssuedCertificateRepository;
import org.estgateway.persistence.device.Device;
import org.estgateway.persistence.device.DeviceRepository;

/** Writes issued certificates to the database, inside the enrollment transaction. */
@ApplicationScoped
public class IssuanceRecorder {
    @Inject
    DeviceRepository devices;
    @Inject
    IssuedCertificateRepository certificates;
    @Inject
    org.estgateway.persistence.digest.DigestRepository digests;

    /**
     * "Match last issued certificate" (seed: allowRenewalWithOldCertificates=true): the TLS client certificate
     * must be the newest certificate of its subject. Serialised per subject in PostgreSQL, so that concurrent
     * re-enrollments with one certificate issue at most one new certificate.
     */
    void requireLatest(Requester.CertificateLogin login) {
        byte[] subject = encoded(login.certificate().holder().getSubject());
        certificates.lockSubject(subject);
        Long latest = certificates.latestIdForSubject(subject).orElse(null);
        if (latest == null || latest != login.certificateId()) {
            throw new Forbidden("re-enroll: the client certificate is not the latest certificate issued for its subject");
        }
    }

    void record(EnrollmentCommand cmd, Requester requester, Pkcs10Request csr, CertificateDer cert, boolean keygen,
            org.estgateway.ejb.ca.IssuingCa ca) {
        var holder = cert.holder();
        Device device;
        if (requester instanceof Requester.CertificateLogin login && cmd.handler().requiredRoRoles().isPresent()) {
            device = deviceFor(SubjectCompletion.commonName(holder.getSubject()).orElse(holder.getSubject().toString()),
                    "RA " + login.identity());
        } else if (requester instanceof Requester.FactoryLogin factory && factory.deviceId() < 0) {
            device = deviceFor(factory.commonName(), "factory certificate " + factory.certificate().sha256());
        } else {
            device = devices.byId(requester.deviceId()).orElseThrow();
        }
        IssuedCertificate renewed = null;
        if (cmd.operation() == EstOperation.SIMPLEREENROLL && requester instanceof Requester.CertificateLogin login) {
            renewed = certificates.byId(login.certificateId()).orElseThrow();
        }
        var issued = issued(cert);
        var request = new IssuedCertificate.Request(cmd.handler().id(), cmd.label(), cmd.operation().path(),
                requester.authMethod(), requester.identity(), csr.sha256().hex(), keygen);
        certificates.add(IssuedCertificate.of(device, issued, request, renewed).signedBy(ca.name(), ca.generation()));
        if (requester instanceof Requester.DeviceLogin && device.oneTime()) {
            device.consumePassword();
            digests.removeAll(device.id());
        }
    }

    /** A one-time password is consumed once its enrollment delivered a certificate (approval flows: at pickup). */
    void consumeOneTime(long deviceId) {
        devices.byId(deviceId).filter(Device::oneTime).ifPresent(d -> {
            d.consumePassword();
            digests.removeAll(d.id());
        });
    }

    /** Records a certificate issued on an operator's approval, with how it was originally requested. */
    public long recordApproved(org.estgateway.persistence.approval.ApprovalRequest a, CertificateDer cert,
            org.estgateway.ejb.ca.IssuingCa ca) {
        var holder = cert.holder();
        Device device = a.deviceId() != null ? devices.byId(a.deviceId()).orElseThrow()
                : deviceFor(SubjectCompletion.commonName(holder.getSubject()).orElse(holder.getSubject().toString()),
                        "approval request " + a.id());
        var issued = issued(cert);
        var request = new IssuedCertificate.Request(a.handler(), a.label(), "simpleenroll", a.authMethod(),
                a.requesterIdentity(), a.csrSha256(), false);
        return certificates.add(IssuedCertificate.of(device, issued, request, null).signedBy(ca.name(), ca.generation()).approvedBy(a.id())).id();
    }

    /** The columns a certificate contributes to its row. */
    private static IssuedCertificate.Issued issued(CertificateDer cert) {
        var holder = cert.holder();
        return new IssuedCertificate.Issued(cert.serial().hex(), holder.getIssuer().toString(),
                holder.getSubject().toString(), encoded(holder.getSubject()), sanText(cert),
                holder.getNotBefore().toInstant(), holder.getNotAfter().toInstant(), cert.sha256().hex(), cert.der());
    }

    /** The device of that commonName, registered now (without password) if new: RA and factory enrollments. */
    private Device deviceFor(String name, String createdBy) {
        if (name.length() > 64) {
            throw new Forbidden("the device name (commonName) must be at most 64 characters");
        }
        // Two first enrollments of one new name at once: the unique key decides, the loser gets a 409 to retry
        // (the failed insert has marked its transaction for rollback, so it cannot read the winner's row).
        return devices.byCommonName(name).orElseGet(() -> devices.addUnlessTaken(new Device(name, null, false, createdBy))
                .orElseThrow(() -> new Conflict("device '" + name + "' was created by a parallel enrollment; retry")));
    }

    private static byte[] encoded(X500Name name) {
        try {
            return name.getEncoded("DER");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "DNS:a.example, IP:10.0.0.1" for the DBA's eyes; the DER stays in the certificate. */
    public static String sanText(CertificateDer cert) {
        return sanText(GeneralNames.fromExtensions(cert.holder().getExtensions(), Extension.subjectAlternativeName));
    }

    public static String sanText(GeneralNames sans) {
        if (sans == null) {
            return null;
        }
        return Stream.of(sans.getNames()).map(IssuanceRecorder::sanEntry).collect(Collectors.joining(", "));
    }

    private static String sanEntry(GeneralName name) {
        return switch (name.getTagNo()) {
            case GeneralName.dNSName -> "DNS:" + name.getName();
            case GeneralName.iPAddress -> "IP:" + ipText(DEROctetString.getInstance(name.getName()).getOctets());
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
