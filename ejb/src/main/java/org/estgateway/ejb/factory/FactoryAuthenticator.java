// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.factory;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.estgateway.ejb.auth.Requester;
import org.estgateway.ejb.config.Procedure;
import org.estgateway.ejb.error.Forbidden;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.ejb.pki.Crypto;
import org.estgateway.ejb.pki.Names;
import org.estgateway.persistence.device.DeviceRepository;
import org.estgateway.persistence.factory.FactoryCertificate;
import org.estgateway.persistence.factory.FactoryRepository;
import org.estgateway.persistence.factory.TrustAnchor;

/**
 * SPEC §4.3: is this TLS client certificate a preregistered factory certificate? Checks, each refusal naming
 * its reason: preregistered and enabled; within validity; issued by a registered manufacturer trust anchor
 * (signature verified; required unless the procedure sets {@code enroll.require-trust-anchor = false}).
 */
@ApplicationScoped
public class FactoryAuthenticator {
    @Inject
    FactoryRepository factories;
    @Inject
    DeviceRepository devices;

    public Requester.FactoryLogin verify(CertificateDer cert, Procedure procedure) {
        X509CertificateHolder holder = cert.holder();
        List<TrustAnchor> anchors = factories.anchorsBySubject(encoded(holder));
        FactoryCertificate registered = factories.factoryBySha256(cert.sha256().hex()).orElseThrow(() -> new Forbidden(
                anchors.isEmpty() ? "factory certificate: unknown issuer, and the certificate is not preregistered"
                        : "factory certificate: not preregistered"));
        if (!registered.enabled()) {
            throw new Forbidden("factory certificate: disabled by an administrator");
        }
        Date now = new Date();
        if (holder.getNotAfter().before(now)) {
            throw new Forbidden("factory certificate: expired");
        }
        if (holder.getNotBefore().after(now)) {
            throw new Forbidden("factory certificate: not yet valid");
        }
        if (!anchors.isEmpty() || procedure.requireTrustAnchor()) {
            if (anchors.isEmpty()) {
                throw new Forbidden("factory certificate: unknown issuer (no registered trust anchor " + holder.getIssuer() + ")");
            }
            if (anchors.stream().noneMatch(a -> signedBy(holder, a))) {
                throw new Forbidden("factory certificate: signature does not verify against the registered trust anchor");
            }
        }
        String serialNumber = Names.values(holder.getSubject(), BCStyle.SERIALNUMBER).stream().findFirst().orElse(null);
        long deviceId = devices.byCommonName(registered.commonName()).map(d -> d.id()).orElse(-1L);
        return new Requester.FactoryLogin(registered.id(), registered.commonName(), serialNumber, deviceId, cert);
    }

    private static boolean signedBy(X509CertificateHolder cert, TrustAnchor anchor) {
        try {
            X509CertificateHolder ca = new X509CertificateHolder(anchor.der());
            return ca.isValidOn(new Date()) && cert.isSignatureValid(
                    new JcaContentVerifierProviderBuilder().setProvider(Crypto.BC).build(ca));
        } catch (Exception e) {
            return false;
        }
    }

    private static byte[] encoded(X509CertificateHolder holder) {
        try {
            return holder.getIssuer().getEncoded("DER");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
