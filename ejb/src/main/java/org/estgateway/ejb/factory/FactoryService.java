// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.factory;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.cert.X509CertificateHolder;
import org.estgateway.ejb.audit.AuditService;
import org.estgateway.ejb.error.Conflict;
import org.estgateway.ejb.error.MalformedRequest;
import org.estgateway.ejb.error.NotFound;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.persistence.audit.AuditEvent;
import org.estgateway.persistence.factory.FactoryCertificate;
import org.estgateway.persistence.factory.FactoryRepository;
import org.estgateway.persistence.factory.TrustAnchor;

/** Administration of factory certificates and manufacturer trust anchors (SPEC §4.3, §10). Takes effect at once. */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class FactoryService {
    @Inject
    FactoryRepository factories;
    @Inject
    AuditService audit;
    @EJB
    ClientCaNamesPublisher caNames; // the TLS CertificateRequest's CA names follow every change at once

    public record FactoryView(long id, String commonName, String subject, String issuer, String serialHex, String sha256,
            String notBefore, String notAfter, boolean enabled, String createdBy, String createdAt) {
        static FactoryView of(FactoryCertificate f) {
            return new FactoryView(f.id(), f.commonName(), f.subjectDn(), f.issuerDn(), f.serialHex(), f.sha256(),
                    f.notBefore().toString(), f.notAfter().toString(), f.enabled(), f.createdBy(), f.createdAt().toString());
        }
    }

    public record AnchorView(long id, String subject, String sha256, String notAfter, String createdBy, String createdAt) {
        static AnchorView of(TrustAnchor a) {
            return new AnchorView(a.id(), a.subjectDn(), a.sha256(), a.notAfter().toString(), a.createdBy(),
                    a.createdAt().toString());
        }
    }

    public FactoryView registerFactory(String pem, String commonName, String actor) {
        if (commonName == null || commonName.isBlank() || commonName.length() > 64) {
            throw new MalformedRequest("commonName is required (1 to 64 characters)");
        }
        CertificateDer cert = parse(pem);
        if (factories.factoryBySha256(cert.sha256().hex()).isPresent()) {
            throw new Conflict("this factory certificate is already registered");
        }
        X509CertificateHolder h = cert.holder();
        FactoryCertificate f = factories.add(new FactoryCertificate(commonName.strip(), new FactoryCertificate.Parsed(
                h.getSubject().toString(), h.getIssuer().toString(), cert.serial().hex(), cert.sha256().hex(), cert.der(),
                h.getNotBefore().toInstant(), h.getNotAfter().toInstant()), actor));
        audit.record(new AuditEvent.Fields("FACTORY_CERTIFICATE_REGISTERED", "SUCCESS", actor, "ADMIN_API", null, null,
                "CN=" + f.commonName(), f.serialHex(), 201, "factory certificate " + f.subjectDn() + " sha256=" + f.sha256()));
        caNames.refresh();
        return FactoryView.of(f);
    }

    public List<FactoryView> factories(String commonName, int offset, int limit) {
        return factories.factories(commonName == null || commonName.isBlank() ? null : commonName, offset, limit)
                .stream().map(FactoryView::of).toList();
    }

    public FactoryView disableFactory(long id, String actor) {
        FactoryCertificate f = factories.factoryById(id).orElseThrow(() -> new NotFound("no factory certificate with id " + id));
        f.disable();
        audit.record(new AuditEvent.Fields("FACTORY_CERTIFICATE_DISABLED", "SUCCESS", actor, "ADMIN_API", null, null,
                "CN=" + f.commonName(), f.serialHex(), 200, null));
        caNames.refresh();
        return FactoryView.of(f);
    }

    /** A manufacturer CA: must be a CA certificate (basicConstraints cA=TRUE). */
    public AnchorView addAnchor(String pem, String actor) {
        CertificateDer cert = parse(pem);
        BasicConstraints bc = BasicConstraints.fromExtensions(cert.holder().getExtensions());
        if (bc == null || !bc.isCA()) {
            throw new MalformedRequest("a trust anchor must be a CA certificate (basicConstraints cA=TRUE)");
        }
        if (factories.anchorBySha256(cert.sha256().hex()).isPresent()) {
            throw new Conflict("this trust anchor is already registered");
        }
        X509CertificateHolder h = cert.holder();
        TrustAnchor a;
        try {
            a = factories.add(new TrustAnchor(h.getSubject().toString(), h.getSubject().getEncoded("DER"),
                    cert.sha256().hex(), cert.der(), h.getNotAfter().toInstant(), actor));
        } catch (IOException e) {
            throw new MalformedRequest("certificate subject cannot be encoded");
        }
        audit.record(new AuditEvent.Fields("TRUST_ANCHOR_ADDED", "SUCCESS", actor, "ADMIN_API", null, null,
                a.subjectDn(), cert.serial().hex(), 201, "sha256=" + a.sha256()));
        caNames.refresh();
        return AnchorView.of(a);
    }

    public List<AnchorView> anchors() {
        return factories.anchors().stream().map(AnchorView::of).toList();
    }

    public void removeAnchor(long id, String actor) {
        TrustAnchor a = factories.anchorById(id).orElseThrow(() -> new NotFound("no trust anchor with id " + id));
        audit.record(new AuditEvent.Fields("TRUST_ANCHOR_REMOVED", "SUCCESS", actor, "ADMIN_API", null, null,
                a.subjectDn(), null, 204, "sha256=" + a.sha256()));
        factories.remove(a);
        caNames.refresh();
    }

    private static CertificateDer parse(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new MalformedRequest("certificate (PEM) is required");
        }
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new MalformedRequest("certificate must be PEM (-----BEGIN CERTIFICATE-----)");
        }
        return CertificateDer.fromPem(pem.substring(pem.indexOf("-----BEGIN CERTIFICATE-----"),
                pem.contains("-----END CERTIFICATE-----") ? pem.indexOf("-----END CERTIFICATE-----") + 25 : pem.length()));
    }
}
