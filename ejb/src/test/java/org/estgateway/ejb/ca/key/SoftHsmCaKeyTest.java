// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.estgateway.ejb.ca.CaBootstrap;
import org.estgateway.ejb.ca.CertificateIssuer;
import org.estgateway.ejb.ca.CertificateTemplate;
import org.estgateway.ejb.ca.KeyStoreFiles;
import org.estgateway.ejb.config.EstEnvironment;
import org.estgateway.ejb.config.KeyType;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.ejb.pki.Crypto;
import org.estgateway.ejb.pki.SerialNumber;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CA key in a SoftHSM2 token: generated there, signing certificates and CRLs through SunPKCS11. */
class SoftHsmCaKeyTest {
    private static Path library;
    private static long badPinSlot;

    @BeforeAll
    static void initialiseTokens() throws Exception {
        assumeTrue(SoftHsm.library().isPresent(), "SoftHSM2 is not installed (Debian package softhsm2; .ci/run installs it)");
        assumeTrue(System.getenv("SOFTHSM2_CONF") != null, "SOFTHSM2_CONF is unset: run under Maven (ejb/pom.xml sets it)");
        library = SoftHsm.library().get();
        badPinSlot = SoftHsm.forThisJvm().slot("est-bad-pin");
    }

    private static CaKeyLocation.Pkcs11Token token(String keyLabel) {
        return new CaKeyLocation.Pkcs11Token(library, Optional.empty(), Optional.of("est-test"), keyLabel, Secret.of("1234"));
    }

    private static CaKey createCa(CaKeyLocation location, KeyType type) {
        CaKeys.Generated generated = CaKeys.generate(location, type);
        X500Name name = new X500Name("O=EST Gateway,CN=HSM test CA " + type);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        CertificateDer cert = CertificateIssuer.selfSigned(generated.pair().getPrivate(), generated.provider(), name)
                .issue(new CertificateTemplate(name, Optional.empty(),
                        SubjectPublicKeyInfo.getInstance(generated.pair().getPublic().getEncoded()), now,
                        now.plus(Duration.ofDays(30)), KeyUsage.keyCertSign | KeyUsage.cRLSign, List.of(), true),
                        SerialNumber.random());
        return CaKeys.store(location, generated, List.of(cert), () -> null);
    }

    private static CertificateDer endEntity(CertificateIssuer issuer) {
        KeyPair device = KeyType.EC_P256.generate();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return issuer.issue(new CertificateTemplate(new X500Name("CN=device-1"), Optional.empty(),
                SubjectPublicKeyInfo.getInstance(device.getPublic().getEncoded()), now, now.plus(Duration.ofDays(1)),
                KeyUsage.digitalSignature, List.of(KeyPurposeId.id_kp_clientAuth), false), SerialNumber.random());
    }

    @Test
    void keyGeneratedInTheTokenSignsCertificatesAndCrls() throws Exception {
        for (KeyType type : KeyType.values()) {
            CaKeyLocation.Pkcs11Token location = token("ca-" + type);
            assertFalse(CaKeys.exists(location));
            createCa(location, type);
            assertTrue(CaKeys.exists(location));

            CaKey ca = CaKeys.open(location, () -> null); // found again by its label, with its certificate
            assertTrue(ca.inToken());
            assertTrue(ca.provider().getName().startsWith("SunPKCS11"), ca.provider().getName());
            assertNull(ca.key().getEncoded(), "the private key is not extractable");

            CertificateIssuer issuer = CertificateIssuer.of(ca);
            CertificateDer issued = endEntity(issuer);
            issued.x509().verify(ca.certificate().x509().getPublicKey());
            assertEquals(ca.certificate().holder().getSubject(), issued.holder().getIssuer());

            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            X509CRLHolder crl = new X509CRLHolder(issuer.crl(List.of(new CertificateIssuer.RevokedEntry(
                    issued.holder().getSerialNumber(), now, 1)), now, now.plus(Duration.ofDays(1)), 7));
            assertTrue(crl.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Crypto.BC)
                    .build(ca.certificate().holder())), type + " CRL signature");
            assertEquals(BigInteger.valueOf(1), BigInteger.valueOf(crl.getRevokedCertificates().size()));
        }
    }

    @Test
    void wrongPinIsRefusedWithOneLine() {
        CaKeyLocation.Pkcs11Token location = new CaKeyLocation.Pkcs11Token(library, Optional.of(badPinSlot),
                Optional.empty(), "ca", Secret.of("0000"));
        CaKeyException e = assertThrows(CaKeyException.class, () -> CaKeys.open(location, () -> null));
        assertTrue(e.getMessage().contains("CKR_PIN_INCORRECT"), e.getMessage());
        assertFalse(e.getMessage().contains("0000") || e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void missingKeyLabelIsNamed() {
        CaKeyException e = assertThrows(CaKeyException.class, () -> CaKeys.open(token("no-such-key"), () -> null));
        assertTrue(e.getMessage().contains("no key labelled 'no-such-key'"), e.getMessage());
    }

    @Test
    void libraryThatDoesNotLoadIsNamed(@TempDir Path dir) throws Exception {
        Path notALibrary = Files.writeString(dir.resolve("libnot.so"), "not a shared object");
        for (CaKeyLocation.Pkcs11Token location : List.of(
                new CaKeyLocation.Pkcs11Token(notALibrary, Optional.of(0L), Optional.empty(), "ca", Secret.of("1234")),
                new CaKeyLocation.Pkcs11Token(notALibrary, Optional.empty(), Optional.of("t"), "ca", Secret.of("1234")))) {
            CaKeyException e = assertThrows(CaKeyException.class, () -> CaKeys.open(location, () -> null));
            assertTrue(e.getMessage().contains(notALibrary + " ") && e.getMessage().contains("does not load"),
                    e.getMessage());
        }
        CaKeyException missing = assertThrows(CaKeyException.class, () -> CaKeys.open(new CaKeyLocation.Pkcs11Token(
                dir.resolve("missing.so"), Optional.of(0L), Optional.empty(), "ca", Secret.of("1234")), () -> null));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void unknownTokenLabelIsNamed() {
        CaKeyException e = assertThrows(CaKeyException.class, () -> CaKeys.open(new CaKeyLocation.Pkcs11Token(library,
                Optional.empty(), Optional.of("no-such-token"), "ca", Secret.of("1234")), () -> null));
        assertTrue(e.getMessage().contains("no token labelled 'no-such-token'"), e.getMessage());
    }

    @Test
    void certificateOfAnotherKeyIsRefusedAndNothingStored() {
        CaKeyLocation.Pkcs11Token location = token("mismatch");
        CaKey other = createCa(token("other"), KeyType.EC_P256);
        CaKeys.Generated generated = CaKeys.generate(location, KeyType.EC_P256);
        CaKeyException e = assertThrows(CaKeyException.class,
                () -> CaKeys.store(location, generated, other.chain(), () -> null));
        assertTrue(e.getMessage().contains("does not match the key"), e.getMessage());
        assertFalse(CaKeys.exists(location));
    }

    @Test
    void bootstrapCreatesTheDefaultCaInTheTokenAndFindsItAgain(@TempDir Path dataDir) throws Exception {
        EstEnvironment env = EstEnvironment.from(Map.of("EST_DATA_DIR", dataDir.toString(),
                "EST_CA_KEY_LOCATION", "pkcs11:library=" + library + ";token=est-test;key=default-ca",
                "EST_CA_PKCS11_PIN", "1234"));
        CaBootstrap first = new CaBootstrap(env);
        assertFalse(first.hasCa());
        List<String> report = first.run();
        assertTrue(report.stream().anyMatch(l -> l.startsWith("CA created") && l.contains("PKCS#11 key 'default-ca'")),
                report.toString());
        assertFalse(Files.exists(env.caKeyStore()), "no CA key file next to an HSM key");
        assertTrue(Files.exists(env.caCertificatePem()));
        CertificateDer tls = KeyStoreFiles.readKeyEntry(env.tlsKeyStore(), CaBootstrap.TLS_ALIAS, env.keystorePassword())
                .certificate();
        tls.x509().verify(first.caCertificate().x509().getPublicKey());

        CaBootstrap second = new CaBootstrap(env);
        assertTrue(second.hasCa());
        second.run();
        assertEquals(first.caCertificate(), second.caCertificate());
    }

    @Test
    void bootstrapRefusesWhenTheDataDirectorysCaKeyIsMissingFromTheToken(@TempDir Path dataDir) throws Exception {
        EstEnvironment env = EstEnvironment.from(Map.of("EST_DATA_DIR", dataDir.toString(),
                "EST_CA_KEY_LOCATION", "pkcs11:library=" + library + ";token=est-test;key=gone",
                "EST_CA_PKCS11_PIN", "1234"));
        Files.createDirectories(env.caCertificatePem().getParent());
        Files.writeString(env.caCertificatePem(), "a CA made earlier");
        CaKeyException e = assertThrows(CaKeyException.class, () -> new CaBootstrap(env).run());
        assertTrue(e.getMessage().startsWith("CA default: no key labelled 'gone'"), e.getMessage());
    }
}
