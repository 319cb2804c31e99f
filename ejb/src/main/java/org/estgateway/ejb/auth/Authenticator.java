// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.estgateway.ejb.ca.CaSigner;
import org.estgateway.ejb.config.Handler;
import org.estgateway.ejb.enroll.EstOperation;
import org.estgateway.ejb.error.Forbidden;
import org.estgateway.ejb.error.Unauthorized;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.ejb.pki.Crypto;
import org.estgateway.persistence.certificate.IssuedCertificate;
import org.estgateway.persistence.certificate.IssuedCertificateRepository;
import org.estgateway.persistence.device.Device;
import org.estgateway.persistence.device.DeviceRepository;
import org.estgateway.persistence.role.CertificateRoleRepository;

/**
 * SPEC §4: who an EST enrollment request is. Runs inside the enrollment transaction.
 * <ul>
 * <li>simpleenroll: HTTP Basic credentials when present (a preregistered device), else the TLS client
 * certificate, else 401;</li>
 * <li>simplereenroll: the TLS client certificate only (HTTP credentials, such as libest's empty Basic header,
 * are ignored), else 401;</li>
 * <li>RA handlers ({@code requiredRoRoles}): a TLS client certificate holding one of the roles, else 401/403.</li>
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
    @Inject
    CertificateRoleRepository roles;

    public Requester authenticate(ClientCredentials credentials, Handler handler) {
        String realm = handler.realm();
        if (handler.format().operation() == EstOperation.SIMPLEREENROLL) {
            return certificate(credentials, false).orElseThrow(() -> Unauthorized.basic(
                    "simplereenroll requires the TLS client certificate to be renewed", realm));
        }
        if (handler.requiredRoRoles().isPresent()) {
            return officer(credentials, handler.requiredRoRoles().get(), realm);
        }
        if (credentials.basic().isPresent()) {
            if (!credentials.secure()) {
                throw new Forbidden("HTTP authentication is only accepted over TLS");
            }
            return password(credentials.basic().get(), realm);
        }
        return certificate(credentials, false).orElseThrow(() -> Unauthorized.basic(
                "authentication required: a client certificate of this gateway or a device password", realm));
    }

    /** RA mode (SPEC §4.4): a certificate of this gateway holding one of the required officer roles. */
    private Requester officer(ClientCredentials credentials, Set<String> required, String realm) {
        Requester.CertificateLogin login = (Requester.CertificateLogin) certificate(credentials, true)
                .orElseThrow(() -> Unauthorized.basic("RA: a client certificate with an officer role is required", realm));
        if (!required.isEmpty() && login.roles().stream().noneMatch(required::contains)) {
            throw new Forbidden("RA: the client certificate holds none of the officer roles " + new TreeSet<>(required));
        }
        return login;
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

    private Optional<Requester> certificate(ClientCredentials credentials, boolean withRoles) {
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
        return Optional.of(new Requester.CertificateLogin(issued.id(), issued.device().id(), cert,
                withRoles ? roles.rolesOf(issued.id()) : Set.of()));
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
