// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.estgateway.ejb.config.KeyType;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.ejb.pki.SerialNumber;
import org.junit.jupiter.api.Test;

/** The subordinate-CA rules without a server: the request for the pending key, and what an imported chain must be. */
class SubordinateCaTest {
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final int CA_USAGE = KeyUsage.keyCertSign | KeyUsage.cRLSign;

    final KeyPair rootKey = KeyType.EC_P256.generate();
    final CertificateDer root = selfSignedCa(rootKey, "CN=Test Root,O=Enterprise");
    final KeyPair pendingKey = KeyType.EC_P256.generate();

    static CertificateDer selfSignedCa(KeyPair key, String subject) {
        X500Name name = new X500Name(subject);
        return CertificateIssuer.selfSigned(key.getPrivate(), name).issue(template(name, key, NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(3650)), CA_USAGE, true), SerialNumber.random());
    }

    static CertificateTemplate template(X500Name subject, KeyPair key, Instant from, Instant until, int usage, boolean ca) {
        return new CertificateTemplate(subject, Optional.empty(), SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded()),
                from, until, usage, List.of(), ca);
    }

    CertificateDer signedByRoot(KeyPair subject, Instant from, Instant until, int usage, boolean ca) {
        return CertificateIssuer.of(rootKey.getPrivate(), root).issue(template(new X500Name("CN=Gateway Sub CA"), subject,
                from, until, usage, ca), SerialNumber.random());
    }

    void check(List<CertificateDer> chain) {
        SubordinateCa.check(pendingKey.getPrivate(), pendingKey.getPublic(), chain, NOW);
    }

    @Test
    void theRequestIsSignedByThePendingKeyAndAsksForACaCertificate() throws Exception {
        CertificateDer placeholder = selfSignedCa(pendingKey, "CN=Gateway Sub CA,O=Example");
        String pem = SubordinateCa.request(new org.estgateway.ejb.ca.key.CaKey(pendingKey.getPrivate(), null, List.of(placeholder)));
        PKCS10CertificationRequest csr;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            csr = (PKCS10CertificationRequest) parser.readObject();
        }
        assertTrue(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(org.estgateway.ejb.pki.Crypto.BC).build(csr.getSubjectPublicKeyInfo())));
        assertEquals(new X500Name("CN=Gateway Sub CA,O=Example"), csr.getSubject());
        assertEquals(SubjectPublicKeyInfo.getInstance(pendingKey.getPublic().getEncoded()), csr.getSubjectPublicKeyInfo());
        Extensions requested = Extensions.getInstance(csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)[0]
                .getAttrValues().getObjectAt(0));
        assertTrue(BasicConstraints.fromExtensions(requested).isCA());
        assertTrue(KeyUsage.fromExtensions(requested).hasUsages(CA_USAGE));
        assertTrue(!pem.contains("PRIVATE KEY"), "never the key");
    }

    @Test
    void aChainSignedForThePendingKeyUpToItsRootIsAccepted() {
        CertificateDer sub = signedByRoot(pendingKey, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1000)), CA_USAGE, true);
        assertDoesNotThrow(() -> check(List.of(sub, root)));
        assertDoesNotThrow(() -> check(List.of(sub)), "the root may be left out");
    }

    @Test
    void aCertificateForAnotherKeyIsRefused() {
        CertificateDer other = signedByRoot(KeyType.EC_P256.generate(), NOW.minus(Duration.ofHours(1)),
                NOW.plus(Duration.ofDays(1000)), CA_USAGE, true);
        assertRefused("not the pending CA key", List.of(other, root));
    }

    @Test
    void anEndEntityCertificateIsRefused() {
        CertificateDer notCa = signedByRoot(pendingKey, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1000)),
                KeyUsage.digitalSignature, false);
        assertRefused("", List.of(notCa, root));
    }

    @Test
    void anExpiredCertificateIsRefused() {
        CertificateDer expired = signedByRoot(pendingKey, NOW.minus(Duration.ofDays(20)), NOW.minus(Duration.ofDays(10)),
                CA_USAGE, true);
        assertRefused("", List.of(expired, root));
    }

    @Test
    void aChainToAnotherRootIsRefused() {
        CertificateDer sub = signedByRoot(pendingKey, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(1000)), CA_USAGE, true);
        CertificateDer otherRoot = selfSignedCa(KeyType.EC_P256.generate(), "CN=Test Root,O=Enterprise");
        assertRefused("", List.of(sub, otherRoot));
    }

    @Test
    void bundlesThatAreNotCertificatesAreRefused() {
        for (String garbage : List.of("", "   ", "hello", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                "x".repeat(SubordinateCa.MAX_BUNDLE_CHARS + 1))) {
            assertThrows(CaFactory.CaRefused.class, () -> SubordinateCa.bundle(garbage), garbage.length() + " chars");
        }
        assertEquals(List.of(root), SubordinateCa.bundle(root.pem()));
    }

    private void assertRefused(String reasonPart, List<CertificateDer> chain) {
        CaFactory.CaRefused e = assertThrows(CaFactory.CaRefused.class, () -> check(chain));
        assertTrue(e.getMessage().contains(reasonPart), e.getMessage());
    }
}
