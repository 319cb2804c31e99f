// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.estgateway.ejb.ca.rollover.LinkCertificates;
import org.estgateway.ejb.config.KeyType;
import org.estgateway.ejb.error.NotFound;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.ejb.pki.SerialNumber;
import org.estgateway.persistence.ca.CaGenerationRepository.Generation;
import org.estgateway.persistence.ca.CaRepository;
import org.junit.jupiter.api.Test;

/** A rolled CA as the registry loads it from its ca_generation rows, without disk or database. */
class GenerationLoaderTest {
    static final X500Name NAME = new X500Name("CN=Plant CA,O=Example");
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final String BASE = "http://est.example/crl";

    final Map<String, CertificateIssuer> keys = new HashMap<>();
    final List<String> opened = new ArrayList<>();

    CertificateIssuer ca(String location, Instant notAfter) {
        KeyPair pair = KeyType.EC_P256.generate();
        CertificateDer cert = CertificateIssuer.selfSigned(pair.getPrivate(), NAME).issue(new CertificateTemplate(NAME,
                Optional.empty(), SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()),
                NOW.minus(Duration.ofDays(900)), notAfter, KeyUsage.keyCertSign | KeyUsage.cRLSign, List.of(), true),
                SerialNumber.random());
        CertificateIssuer issuer = CertificateIssuer.of(pair.getPrivate(), cert);
        keys.put(location, issuer);
        return issuer;
    }

    static Generation row(int n, String state, String location, CertificateIssuer issuer, LinkCertificates.Links links) {
        CertificateDer c = issuer.certificate();
        return new Generation("plant", n, state, location, "EC P-256", NAME.toString(), c.sha256().hex(), c.der(),
                c.holder().getNotAfter().toInstant(), links == null ? null : links.newWithOld().der(),
                links == null ? null : links.oldWithNew().der(), "node", NOW, NOW);
    }

    IssuingCa load(CaRepository.CaRow ca, List<Generation> rows) {
        return GenerationLoader.load(ca, rows, (location, cert) -> {
            opened.add(location);
            return keys.get(location);
        }, BASE, NOW);
    }

    static CaRepository.CaRow caRow(int generation, CertificateIssuer current) {
        return new CaRepository.CaRow("plant", "ACTIVE", "pkcs12:ca/plant-g" + generation + ".p12", "EC P-256",
                NAME.toString(), current.certificate().sha256().hex(), current.certificate().der(), null, "node", NOW,
                generation);
    }

    @Test
    void theCurrentGenerationIssuesWithItsCrlUrlAndCacertsCarriesTheLinks() throws Exception {
        CertificateIssuer g1 = ca("pkcs12:ca/plant.p12", NOW.plus(Duration.ofDays(300)));
        CertificateIssuer g2 = ca("pkcs12:ca/plant-g2.p12", NOW.plus(Duration.ofDays(3650)));
        LinkCertificates.Links links = LinkCertificates.make(g1, g2, NOW);
        IssuingCa ca = load(caRow(2, g2), List.of(row(1, "PREVIOUS", "pkcs12:ca/plant.p12", g1, null),
                row(2, "CURRENT", "pkcs12:ca/plant-g2.p12", g2, links)));

        assertEquals(2, ca.generation());
        assertEquals(g2.certificate(), ca.certificate());
        assertEquals(List.of(g2.certificate(), g1.certificate()), ca.certificates(), "for TLS client authentication");
        assertEquals(3, new org.bouncycastle.cms.CMSSignedData(ca.caCerts().der()).getCertificates().getMatches(null).size(),
                "new CA certificate, NewWithOld, OldWithNew");
        KeyPair device = KeyType.EC_P256.generate();
        CertificateDer issued = ca.issue(new CertificateTemplate(new X500Name("CN=d1"), Optional.empty(),
                SubjectPublicKeyInfo.getInstance(device.getPublic().getEncoded()), NOW, NOW.plus(Duration.ofDays(1)),
                KeyUsage.digitalSignature, List.of(), false));
        issued.x509().verify(g2.certificate().x509().getPublicKey());
        assertTrue(new String(issued.der(), java.nio.charset.StandardCharsets.ISO_8859_1).contains(BASE + "/plant/2"));
        assertSame(g1, ca.crlSigner(1, NOW), "generation 1 still signs its own CRL");
        NotFound none = assertThrows(NotFound.class, () -> ca.crlSigner(3, NOW));
        assertTrue(none.getMessage().contains("has no key generation 3"), none.getMessage());
    }

    @Test
    void anExpiredPreviousGenerationIsNotOpenedAndItsCrlIsGone() {
        CertificateIssuer g1 = ca("pkcs12:ca/plant.p12", NOW.minus(Duration.ofDays(1)));
        CertificateIssuer g2 = ca("pkcs12:ca/plant-g2.p12", NOW.plus(Duration.ofDays(3650)));
        IssuingCa ca = load(caRow(2, g2), List.of(row(1, "PREVIOUS", "pkcs12:ca/plant.p12", g1, null),
                row(2, "CURRENT", "pkcs12:ca/plant-g2.p12", g2, null)));
        assertEquals(List.of("pkcs12:ca/plant-g2.p12"), opened, "an expired key is not opened");
        assertNull(ca.previous().get(0).crlSigner());
        NotFound gone = assertThrows(NotFound.class, () -> ca.crlSigner(1, NOW));
        assertTrue(gone.getMessage().contains("generation 1 of CA 'plant' expired at"), gone.getMessage());
        assertTrue(ca.loadedState().endsWith(";1x"), ca.loadedState());
        assertEquals(ca.loadedState(), GenerationLoader.state(caRow(2, g2), List.of(
                row(1, "PREVIOUS", "pkcs12:ca/plant.p12", g1, null), row(2, "CURRENT", "pkcs12:ca/plant-g2.p12", g2, null)), NOW));
    }

    @Test
    void aCaRowThatDisagreesWithItsCurrentGenerationIsRefused() {
        CertificateIssuer g1 = ca("pkcs12:ca/plant.p12", NOW.plus(Duration.ofDays(300)));
        CertificateIssuer g2 = ca("pkcs12:ca/plant-g2.p12", NOW.plus(Duration.ofDays(3650)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> load(caRow(1, g1),
                List.of(row(2, "CURRENT", "pkcs12:ca/plant-g2.p12", g2, null))));
        assertTrue(e.getMessage().contains("disagree"), e.getMessage());
    }
}
