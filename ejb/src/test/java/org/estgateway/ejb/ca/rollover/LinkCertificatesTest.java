// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca.rollover;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.estgateway.ejb.ca.CaFactory;
import org.estgateway.ejb.ca.CertificateIssuer;
import org.estgateway.ejb.ca.CertificateTemplate;
import org.estgateway.ejb.config.KeyType;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.ejb.pki.SerialNumber;
import org.junit.jupiter.api.Test;

class LinkCertificatesTest {
    static final X500Name CA = new X500Name("CN=Plant CA,O=Example");
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    record Ca(KeyPair pair, CertificateIssuer issuer) {
        CertificateDer cert() {
            return issuer.certificate();
        }
    }

    static Ca ca(KeyType type, Instant notBefore, Instant notAfter) {
        KeyPair pair = type.generate();
        CertificateTemplate t = new CertificateTemplate(CA, Optional.empty(),
                SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()), notBefore, notAfter,
                KeyUsage.keyCertSign | KeyUsage.cRLSign, List.of(), true);
        CertificateDer cert = CertificateIssuer.selfSigned(pair.getPrivate(), CA).issue(t, SerialNumber.random());
        return new Ca(pair, CertificateIssuer.of(pair.getPrivate(), cert));
    }

    static Ca fresh(KeyType type) {
        return ca(type, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(3650)));
    }

    @Test
    void newWithOldCarriesTheNewKeySignedByTheOldAndOldWithNewTheReverse() throws Exception {
        Ca old = ca(KeyType.EC_P256, NOW.minus(Duration.ofDays(400)), NOW.plus(Duration.ofDays(300)));
        Ca neu = fresh(KeyType.EC_P256);
        LinkCertificates.Links links = LinkCertificates.make(old.issuer(), neu.issuer(), NOW);

        var nwo = links.newWithOld().x509();
        assertArrayEquals(neu.pair().getPublic().getEncoded(), nwo.getPublicKey().getEncoded());
        nwo.verify(old.pair().getPublic());
        var own = links.oldWithNew().x509();
        assertArrayEquals(old.pair().getPublic().getEncoded(), own.getPublicKey().getEncoded());
        own.verify(neu.pair().getPublic());
        for (CertificateDer link : links.both()) {
            assertEquals(CA, link.holder().getSubject());
            assertEquals(CA, link.holder().getIssuer());
            assertTrue(BasicConstraints.fromExtensions(link.holder().getExtensions()).isCA());
            assertTrue(KeyUsage.fromExtensions(link.holder().getExtensions()).hasUsages(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        }
    }

    @Test
    void bothLinksEndWithTheOldCertificate() {
        Ca old = ca(KeyType.EC_P256, NOW.minus(Duration.ofDays(400)), NOW.plus(Duration.ofDays(300)));
        Ca neu = fresh(KeyType.RSA_3072);
        LinkCertificates.Links links = LinkCertificates.make(old.issuer(), neu.issuer(), NOW);
        Date oldEnd = old.cert().holder().getNotAfter();
        assertEquals(oldEnd, links.newWithOld().holder().getNotAfter(), "NewWithOld: at most until the old certificate ends");
        assertEquals(oldEnd, links.oldWithNew().holder().getNotAfter(), "OldWithNew: until the old certificate ends");
        assertTrue(links.newWithOld().holder().getNotBefore().toInstant().isBefore(NOW));
    }

    @Test
    void aCertificateOfTheOldKeyChainsToTheNewRootThroughOldWithNew() throws Exception {
        Ca old = fresh(KeyType.EC_P256);
        Ca neu = fresh(KeyType.EC_P256);
        KeyPair device = KeyType.EC_P256.generate();
        CertificateDer leaf = old.issuer().issue(new CertificateTemplate(new X500Name("CN=device-1"), Optional.empty(),
                SubjectPublicKeyInfo.getInstance(device.getPublic().getEncoded()), NOW.minusSeconds(60),
                NOW.plus(Duration.ofDays(30)), KeyUsage.digitalSignature, List.of(), false), SerialNumber.random());
        LinkCertificates.Links links = LinkCertificates.make(old.issuer(), neu.issuer(), NOW);

        X509CertSelector target = new X509CertSelector();
        target.setCertificate(leaf.x509());
        PKIXBuilderParameters params = new PKIXBuilderParameters(Set.of(new TrustAnchor(neu.cert().x509(), null)), target);
        params.setRevocationEnabled(false);
        params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(
                List.of(leaf.x509(), links.oldWithNew().x509(), links.newWithOld().x509()))));
        PKIXCertPathBuilderResult path = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX", org.estgateway.ejb.pki.Crypto.BC).build(params);
        assertEquals(2, path.getCertPath().getCertificates().size(), "device certificate, OldWithNew");
        assertEquals(links.oldWithNew().x509(), path.getCertPath().getCertificates().get(1));
    }

    @Test
    void anExpiredOldCertificateGetsNoLinks() {
        Ca old = ca(KeyType.EC_P256, NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(1)));
        assertThrows(IllegalArgumentException.class, () -> LinkCertificates.make(old.issuer(), fresh(KeyType.EC_P256).issuer(), NOW));
    }

    @Test
    void theNextKeysCertificateKeepsTheSubjectWithCaFactorysValidity() {
        KeyPair pair = KeyType.EC_P256.generate();
        CertificateTemplate t = CaFactory.selfSignedTemplate(CA, pair.getPublic(), NOW);
        assertEquals(CA, t.subject());
        assertTrue(t.certificateAuthority());
        assertEquals(NOW.plus(Duration.ofDays(3650)), t.notAfter());
    }
}
