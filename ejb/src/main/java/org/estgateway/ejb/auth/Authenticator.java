// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.auth;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.estgateway.ejb.auth.digest.DigestVerifier;
import org.estgateway.ejb.ca.CaRegistry;
import org.estgateway.ejb.config.Handler;
import org.estgateway.ejb.config.Procedure;
import org.estgateway.ejb.enroll.EstOperation;
import org.estgateway.ejb.error.Forbidden;
import org.estgateway.ejb.error.Unauthorized;
import org.estgateway.ejb.factory.FactoryAuthenticator;
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
 * <li>simplereenroll: the TLS client certificate only (HTTP credentials, such as libest's empty Basic header,
 * are ignored), else 401;</li>
 * <li>RA handlers ({@code requiredRoRoles}): a TLS client certificate holding one of the roles, else 401/403;</li>
 * <li>estenroll procedures with {@code enroll.use-authentication-cert}: a preregistered factory certificate,
 * plus the device password when {@code enroll.mandatorypassword};</li>
 * <li>otherwise: HTTP Basic/Digest (the handler's authtype) of a preregistered device when present, else the
 * TLS client certificate, else 401.</li>
 * </ul>
 * HTTP authentication is accepted only over TLS; failed passwords count towards the device's lockout.
 */
@ApplicationScoped
public class Authenticator {
    @Inject
    org.estgateway.ejb.metrics.EstMetrics metrics;
    /** The one refusal of a password login, whether the device is unknown, disabled, locked or the password wrong. */
    static final String REFUSED = "unknown device or wrong password";

    @Inject
    DeviceRepository devices;
    @Inject
    IssuedCertificateRepository certificates;
    @Inject
    CaRegistry cas;
    @Inject
    CertificateRoleRepository roles;
    @Inject
    FactoryAuthenticator factories;
    @Inject
    DigestVerifier digest;
    @EJB
    LoginFailures failures;

    public Requester authenticate(ClientCredentials credentials, Handler handler) {
        if (handler.format().operation() == EstOperation.SIMPLEREENROLL) {
            return certificate(credentials, false).orElseThrow(() -> unauthorized(
                    "simplereenroll requires the TLS client certificate to be renewed", handler));
        }
        if (handler.requiredRoRoles().isPresent()) {
            return officer(credentials, handler.requiredRoRoles().get(), handler);
        }
        Procedure procedure = handler.procedure();
        if (Procedure.FORMAT_ESTENROLL.equals(procedure.format()) && procedure.useAuthenticationCert()) {
            return factory(credentials, handler);
        }
        if (credentials.hasHttpCredentials()) {
            return password(credentials, handler);
        }
        return certificate(credentials, false).orElseThrow(() -> unauthorized(
                "authentication required: a client certificate of this gateway or a device password", handler));
    }

    /** The 401 for this handler: a Basic challenge, or Digest challenges with fresh nonces. */
    public Unauthorized unauthorized(String reason, Handler handler) {
        if (REFUSED.equals(reason)) metrics.loginRefused("device"); // est_logins_refused_total
        return handler.authType() == Handler.AuthType.DIGEST ? new Unauthorized(reason, digest.challenges(handler))
                : Unauthorized.basic(reason, handler.realm());
    }

    /** SPEC §4.3: a preregistered factory certificate, and the device password when the procedure demands it. */
    private Requester factory(ClientCredentials credentials, Handler handler) {
        CertificateDer cert = credentials.tlsCertificate().orElseThrow(() -> unauthorized(
                "a preregistered factory certificate is required (TLS client certificate)", handler));
        Requester.FactoryLogin login = factories.verify(cert, handler.procedure());
        if (!handler.procedure().mandatoryPassword()) {
            return login;
        }
        if (!credentials.hasHttpCredentials()) {
            throw unauthorized("this procedure requires the device password as well as the factory certificate", handler);
        }
        Requester.DeviceLogin device = password(credentials, handler);
        if (!device.commonName().equals(login.commonName())) {
            throw new Forbidden("factory certificate: bound to '" + login.commonName()
                    + "', not to the device that logged in");
        }
        return new Requester.FactoryLogin(login.factoryId(), login.commonName(), login.serialNumber(),
                device.deviceId(), cert);
    }

    /** RA mode (SPEC §4.4): a certificate of this gateway holding one of the required officer roles. */
    private Requester officer(ClientCredentials credentials, Set<String> required, Handler handler) {
        Requester.CertificateLogin login = (Requester.CertificateLogin) certificate(credentials, true)
                .orElseThrow(() -> unauthorized("RA: a client certificate with an officer role is required", handler));
        if (!required.isEmpty() && login.roles().stream().noneMatch(required::contains)) {
            throw new Forbidden("RA: the client certificate holds none of the officer roles " + new TreeSet<>(required));
        }
        return login;
    }

    private Requester.DeviceLogin password(ClientCredentials credentials, Handler handler) {
        if (!credentials.secure()) {
            throw new Forbidden("HTTP authentication is only accepted over TLS");
        }
        boolean digestAuth = handler.authType() == Handler.AuthType.DIGEST;
        if (digestAuth ? credentials.digest().isEmpty() : credentials.basic().isEmpty()) {
            throw unauthorized((digestAuth ? "Digest" : "Basic") + " authentication required", handler);
        }
        String user = credentials.claimedUser().orElseThrow();
        Optional<Device> found = devices.byCommonName(user);
        Instant now = Instant.now();
        // Unknown, disabled, locked and wrong: one answer and (for Basic) one PBKDF2 derivation each, so that
        // neither the response nor its time tells whether the device exists or is locked.
        if (digestAuth) {
            if (found.isEmpty() || !found.get().enabled()) {
                throw unauthorized(REFUSED, handler);
            }
            boolean proven = digest.verify(credentials.digest().get(), found.get().id(), handler, credentials.method());
            refuseUnless(proven, found.get(), now, credentials, handler);
        } else {
            PasswordCheck.Outcome outcome = PasswordCheck.check(found.map(d -> new PasswordCheck.Stored(
                    d.passwordHash(), d.enabled(), d.lockedUntil())), credentials.basic().get().password(), now);
            if (outcome == PasswordCheck.Outcome.UNKNOWN) {
                throw unauthorized(REFUSED, handler);
            }
            refuseUnless(outcome == PasswordCheck.Outcome.ACCEPTED, found.get(), now, credentials, handler);
        }
        Device device = found.get();
        if (device.oneTime()) {
            // Lock the row and look again: a one-time password admits exactly one enrollment.
            devices.refreshForUpdate(device);
            if (device.passwordHash() == null) {
                throw unauthorized("the one-time password was already used", handler);
            }
        }
        if (device.failedAttempts() > 0 || device.lockedUntil() != null) {
            devices.clearFailures(device); // no @Version bump: see DeviceRepository.clearFailures
        }
        return new Requester.DeviceLogin(device.id(), device.commonName(), device.serialNumber(), device.ipAddress(),
                device.dnsName(), digestAuth ? Requester.AUTH_DIGEST : Requester.AUTH_BASIC);
    }

    /** A locked device is refused like a wrong password; only a wrong password on an unlocked one counts. */
    private void refuseUnless(boolean proven, Device device, Instant now, ClientCredentials credentials,
            Handler handler) {
        if (device.lockedAt(now)) {
            failures.recordLockedAttempt(device.id(), handler.authType() == Handler.AuthType.DIGEST
                    ? Requester.AUTH_DIGEST : Requester.AUTH_BASIC, credentials.sourceAddress());
            throw unauthorized(REFUSED, handler);
        }
        if (!proven) {
            failures.recordFailure(device.id(), credentials.sourceAddress());
            throw unauthorized(REFUSED, handler);
        }
    }

    private Optional<Requester> certificate(ClientCredentials credentials, boolean withRoles) {
        Optional<CertificateDer> presented = credentials.tlsCertificate();
        if (presented.isEmpty()) {
            return Optional.empty();
        }
        CertificateDer cert = presented.get();
        // A certificate whose SHA-256 over the whole DER equals one on record is byte for byte a certificate
        // this gateway signed and stored: its signature need not be verified again (one ECDSA verification
        // less per re-enrollment). Anything else is checked, to tell "foreign" from "ours but unknown".
        // Any active CA of the gateway (named CAs, issue 14) may have issued it.
        Optional<IssuedCertificate> known = !cas.byIssuer(cert.holder().getIssuer()).isEmpty()
                ? certificates.bySha256(cert.sha256().hex()) : Optional.empty();
        if (known.isEmpty()) {
            throw new Forbidden(issuedByThisGateway(cert.holder()) ? "client certificate is not one this gateway issued"
                    : "client certificate is not issued by this gateway");
        }
        IssuedCertificate issued = known.get();
        if (issued.revoked()) {
            throw new Forbidden("client certificate is revoked");
        }
        return Optional.of(new Requester.CertificateLogin(issued.id(), issued.device().id(), cert,
                withRoles ? roles.rolesOf(issued.id()) : Set.of()));
    }

    /** Signed by a key of an active CA of the gateway: its current key or, after a rollover, a previous one. */
    private boolean issuedByThisGateway(X509CertificateHolder cert) {
        for (var ca : cas.byIssuer(cert.getIssuer())) {
            for (var generation : ca.certificates()) {
                try {
                    if (cert.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Crypto.BC)
                            .build(generation.holder()))) {
                        return true;
                    }
                } catch (Exception e) {
                    // not this key
                }
            }
        }
        return false;
    }
}
