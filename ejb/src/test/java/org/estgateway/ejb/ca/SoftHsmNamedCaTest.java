// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.StringReader;
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
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.estgateway.ejb.ca.key.CaKey;
import org.estgateway.ejb.ca.key.CaKeyException;
import org.estgateway.ejb.ca.key.CaKeyLocation;
import org.estgateway.ejb.ca.key.CaKeys;
import org.estgateway.ejb.ca.key.SoftHsm;
import org.estgateway.ejb.config.KeyType;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.ejb.pki.Crypto;
import org.estgateway.ejb.pki.SerialNumber;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Named CAs' keys in SoftHSM2 tokens, without a server: several CAs in one token (one login, PIN by pin-file=),
 * another token by pin-env=, generated or found again through {@link CaKeyLoader}, and every refusal before a key
 * is generated.
 */
class SoftHsmNamedCaTest {
    private static Path library;
    private static Path pinFile;
    private static final Map<String, String> ENV = Map.of("EST_CA_PKCS11_PIN_OTHER", SoftHsm.PIN);

    @BeforeAll
    static void tokens() throws Exception {
        assumeTrue(SoftHsm.library().isPresent(), "SoftHSM2 is not installed (Debian package softhsm2)");
        assumeTrue(System.getenv("SOFTHSM2_CONF") != null, "SOFTHSM2_CONF is unset: run under Maven (ejb/pom.xml sets it)");
        library = SoftHsm.library().get();
        SoftHsm.forThisJvm();
        pinFile = Files.createTempFile("named-cas-", ".pin");
        Files.writeString(pinFile, SoftHsm.PIN + "\n");
    }

    private static String location(String token, String key, String pinReference) {
        return "pkcs11:library=" + library + ";token=" + token + ";key=" + key + ";" + pinReference;
    }

    private static CaKeyLocation.Pkcs11Token token(String text) {
        return (CaKeyLocation.Pkcs11Token) CaKeyLoader.location(text, Path.of("/unused"), ENV);
    }

    @Test
    void severalCasInOneTokenAndOneInAnotherAreGeneratedThereAndLoadedAgain() throws Exception {
        String plant1 = location("named-cas", "plant-1", "pin-file=" + pinFile);
        String plant2 = location("named-cas", "plant-2", "pin-file=" + pinFile);
        String other = location("named-other", "other", "pin-env=EST_CA_PKCS11_PIN_OTHER");
        TokenCaKeys.Created a = TokenCaKeys.selfSigned("plant-1", token(plant1), Optional.of(KeyType.EC_P256),
                TokenCaKeys.Existing.FORBIDDEN, Optional.of("CN=Plant 1 CA, O=Test"));
        TokenCaKeys.Created b = TokenCaKeys.selfSigned("plant-2", token(plant2), Optional.of(KeyType.RSA_3072),
                TokenCaKeys.Existing.EITHER, Optional.empty());
        TokenCaKeys.Created c = TokenCaKeys.selfSigned("other", token(other), Optional.empty(),
                TokenCaKeys.Existing.EITHER, Optional.empty());
        assertTrue(a.generated() && b.generated() && c.generated());
        assertEquals(plant1, a.location().text(), "table ca's text: the reference, never the PIN");
        assertEquals("EC P-256", CaFactory.algorithm(a.key().certificate()));
        assertEquals("RSA 3072", CaFactory.algorithm(b.key().certificate()));
        assertEquals("CN=Plant 1 CA,O=Test", a.key().certificate().holder().getSubject().toString());

        for (TokenCaKeys.Created created : List.of(a, b, c)) {
            CaKey loaded = CaKeyLoader.load("x", created.location().text(), Path.of("/unused"), null, ENV);
            assertTrue(loaded.inToken());
            assertEquals(created.key().certificate(), loaded.certificate());
            CertificateIssuer issuer = CertificateIssuer.of(loaded);
            issuer.issue(leaf(), SerialNumber.random()).x509().verify(loaded.certificate().x509().getPublicKey());
        }
        // present: used with its certificate, not generated again
        TokenCaKeys.Created again = TokenCaKeys.selfSigned("plant-1", token(plant1), Optional.of(KeyType.EC_P256),
                TokenCaKeys.Existing.REQUIRED, Optional.empty());
        assertFalse(again.generated());
        assertEquals(a.key().certificate(), again.key().certificate());
    }

    @Test
    void refusalsComeBeforeAnyKeyIsGenerated() throws Exception {
        String existing = location("named-cas", "existing", "pin-file=" + pinFile);
        TokenCaKeys.selfSigned("existing", token(existing), Optional.of(KeyType.EC_P256), TokenCaKeys.Existing.EITHER,
                Optional.empty());

        CaFactory.CaRefused wrongType = assertThrows(CaFactory.CaRefused.class, () -> TokenCaKeys.selfSigned("e",
                token(existing), Optional.of(KeyType.RSA_3072), TokenCaKeys.Existing.EITHER, Optional.empty()));
        assertTrue(wrongType.getMessage().contains("is EC P-256, not rsa-3072"), wrongType.getMessage());
        CaFactory.CaRefused taken = assertThrows(CaFactory.CaRefused.class, () -> TokenCaKeys.selfSigned("e",
                token(existing), Optional.empty(), TokenCaKeys.Existing.FORBIDDEN, Optional.empty()));
        assertTrue(taken.getMessage().contains("exists already"), taken.getMessage());
        assertThrows(CaFactory.CaRefused.class, () -> TokenCaKeys.pending("e", token(existing), KeyType.EC_P256,
                Optional.of("CN=Sub")));

        CaKeyLocation.Pkcs11Token absent = token(location("named-cas", "absent", "pin-file=" + pinFile));
        CaFactory.CaRefused missing = assertThrows(CaFactory.CaRefused.class, () -> TokenCaKeys.selfSigned("e", absent,
                Optional.empty(), TokenCaKeys.Existing.REQUIRED, Optional.empty()));
        assertTrue(missing.getMessage().contains("no key labelled 'absent'"), missing.getMessage());
        assertThrows(CaFactory.CaRefused.class, () -> TokenCaKeys.selfSigned("e", absent, Optional.empty(),
                TokenCaKeys.Existing.EITHER, Optional.of("not a DN")));
        assertFalse(CaKeys.exists(absent), "no key generated by a refused request");

        // the token is logged in already: another PIN is refused without asking it
        Path wrong = Files.writeString(Files.createTempFile("wrong-", ".pin"), "9999\n");
        CaKeyException loggedIn = assertThrows(CaKeyException.class, () -> TokenCaKeys.selfSigned("e",
                token(location("named-cas", "absent", "pin-file=" + wrong)), Optional.empty(),
                TokenCaKeys.Existing.EITHER, Optional.empty()));
        assertTrue(loggedIn.getMessage().contains("is not the PIN this token was logged in with"), loggedIn.getMessage());
        // a token not logged in yet: the token refuses the PIN
        CaKeyException refused = assertThrows(CaKeyException.class, () -> TokenCaKeys.selfSigned("e",
                token(location("named-never-opened", "k", "pin-file=" + wrong)), Optional.empty(),
                TokenCaKeys.Existing.EITHER, Optional.empty()));
        assertTrue(refused.getMessage().contains("CKR_PIN_INCORRECT"), refused.getMessage());
        CaKeyException noToken = assertThrows(CaKeyException.class, () -> TokenCaKeys.selfSigned("e",
                token(location("no-such-token", "k", "pin-file=" + pinFile)), Optional.empty(),
                TokenCaKeys.Existing.EITHER, Optional.empty()));
        assertTrue(noToken.getMessage().contains("no token labelled 'no-such-token'"), noToken.getMessage());
        for (Exception e : List.of(loggedIn, refused, noToken, missing)) {
            assertFalse(e.getMessage().contains("9999") || e.getMessage().contains(SoftHsm.PIN), e.getMessage());
        }
    }

    @Test
    void pendingSubordinateKeyIsGeneratedInTheTokenAndItsRequestSignedThere() throws Exception {
        CaKeyLocation.Pkcs11Token location = token(location("named-cas", "sub-1", "pin-file=" + pinFile));
        TokenCaKeys.Created pending = TokenCaKeys.pending("sub-1", location, KeyType.EC_P256,
                Optional.of("CN=Plant Issuing CA, O=Test"));
        assertTrue(pending.generated() && pending.key().inToken());
        PKCS10CertificationRequest csr;
        try (PEMParser pem = new PEMParser(new StringReader(SubordinateCa.request(pending.key())))) {
            csr = (PKCS10CertificationRequest) pem.readObject();
        }
        assertTrue(csr.isSignatureValid(new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder()
                .setProvider(Crypto.BC).build(csr.getSubjectPublicKeyInfo())));
        assertEquals("CN=Plant Issuing CA,O=Test", csr.getSubject().toString());

        // the root signs it; the chain check signs with the token's key
        KeyPair rootKey = KeyType.EC_P256.generate();
        X500Name rootName = new X500Name("CN=Root");
        CertificateDer root = CaFactory.selfSigned(rootName, rootKey, null);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        CertificateDer sub = CertificateIssuer.of(rootKey.getPrivate(), root).issue(new CertificateTemplate(csr.getSubject(),
                Optional.empty(), csr.getSubjectPublicKeyInfo(), now.minusSeconds(60), now.plus(Duration.ofDays(30)),
                KeyUsage.keyCertSign | KeyUsage.cRLSign, List.of(), true), SerialNumber.random());
        SubordinateCa.check(pending.key().key(), pending.key().provider(),
                pending.key().certificate().x509().getPublicKey(), List.of(sub, root), Instant.now());
        assertThrows(CaFactory.CaRefused.class, () -> SubordinateCa.check(pending.key().key(), pending.key().provider(),
                pending.key().certificate().x509().getPublicKey(), List.of(root), Instant.now()));

        TokenCaKeys.discard(pending);
        assertFalse(CaKeys.exists(location), "a discarded key is gone from the token");
    }

    private static CertificateTemplate leaf() {
        KeyPair device = KeyType.EC_P256.generate();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new CertificateTemplate(new X500Name("CN=device"), Optional.empty(),
                SubjectPublicKeyInfo.getInstance(device.getPublic().getEncoded()), now, now.plus(Duration.ofDays(1)),
                KeyUsage.digitalSignature, List.of(KeyPurposeId.id_kp_clientAuth), false);
    }
}
