// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.estgateway.ejb.ca.CaSigner;
import org.estgateway.ejb.enroll.EstOperation;
import org.estgateway.ejb.error.Forbidden;
import org.estgateway.ejb.error.Unauthorized;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.ejb.pki.Crypto;
import org.estgateway.persistence.certificate.IssuedCertificate;
import org.estgateway.persistence.certificate.IssuedCertificateRepository;
import org.estgateway.persistence.device.Device;
import org.estgateway.persistence.device.DeviceRepository;

/**
 * SPEC §4: who an EST enrollment request is. Runs inside the enrollment transaction.
 * <ul>
 * <li>simpleenroll: HTTP Basic credentials when present (a preregistered device), else the TLS client
 * certificate, else 401;</li>
 * <li>simplereenroll: the TLS client certificate only (HTTP credentials, such as libest's empty Basic header,
 * are ignored), else 401.</li>
 * </ul>
 * HTTP authentication is accepted only over TLS.
 */
@ApplicationScoped
public class Authenticator {
    @Inject
    DeviceRepository devices;
    @Inject
    IssuedCertificateRepository certificates;
    @Inject
    CaSigner ca;

    public Requester authenticate(ClientCredentials credentials, EstOperation operation, String realm) {
        if (operation == EstOperation.SIMPLEREENROLL) {
            return certificate(credentials).orElseThrow(() -> Unauthorized.basic(
                    "simplereenroll requires the TLS client certificate to be renewed", realm));
        }
        if (credentials.basic().isPresent()) {
            if (!credentials.secure()) {
                throw new Forbidden("HTTP authentication is only accepted over TLS");
            }
            return password(credentials.basic().get(), realm);
        }
        return certificate(credentials).orElseThrow(() -> Unauthorized.basic(
                "authentication required: a client certificate of this gateway or a device password", realm));
    }

    private Requester password(ClientCredentials.Basic basic, String realm) {
        // Locks the device row: a one-time password admits exactly one enrollment.
        Optional<Device> found = devices.byCommonNameForUpdate(basic.user());
        if (found.isEmpty()) {
            PasswordHasher.verifyNothing(basic.password());
            throw Unauthorized.basic("unknown device or wrong password", realm);
        }
        Device device = found.get();
        if (!PasswordHasher.verify(basic.password(), device.passwordHash()) || !device.enabled()) {
            throw Unauthorized.basic("unknown device or wrong password", realm);
        }
        return new Requester.DeviceLogin(device.id(), device.commonName(), device.serialNumber(),
                device.ipAddress(), device.dnsName());
    }

    private Optional<Requester> certificate(ClientCredentials credentials) {
        Optional<CertificateDer> presented = credentials.tlsCertificate();
        if (presented.isEmpty()) {
            return Optional.empty();
        }
        CertificateDer cert = presented.get();
        if (!issuedByThisGateway(cert.holder())) {
            throw new Forbidden("client certificate is not issued by this gateway");
        }
        IssuedCertificate issued = certificates.bySha256(cert.sha256().hex())
                .orElseThrow(() -> new Forbidden("client certificate is not one this gateway issued"));
        if (issued.revoked()) {
            throw new Forbidden("client certificate is revoked");
        }
        return Optional.of(new Requester.CertificateLogin(issued.id(), issued.device().id(), cert));
    }

    private boolean issuedByThisGateway(X509CertificateHolder cert) {
        X509CertificateHolder caCert = ca.caCertificate().holder();
        if (!cert.getIssuer().equals(caCert.getSubject())) {
            return false;
        }
        try {
            return cert.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Crypto.BC).build(caCert));
        } catch (Exception e) {
            return false;
        }
    }
}
