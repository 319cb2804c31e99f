// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca.rollover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.estgateway.ejb.ca.CaKeyLoader;
import org.estgateway.ejb.ca.CertificateIssuer;
import org.estgateway.ejb.ca.TokenCaKeys;
import org.estgateway.ejb.ca.key.CaKey;
import org.estgateway.ejb.ca.key.CaKeyLocation;
import org.estgateway.ejb.ca.key.SoftHsm;
import org.estgateway.ejb.config.EstEnvironment;
import org.estgateway.ejb.config.KeyType;
import org.estgateway.ejb.error.Conflict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rollover of a CA whose key is in a PKCS#11 token (SoftHSM2), without a server: the next key is generated in the
 * same token under &lt;label&gt;-g2 (the PIN reference kept, never a PIN), loads again through {@link CaKeyLoader},
 * and both link certificates are signed inside the token and verify.
 */
class TokenRolloverTest {
    private static Path library;
    private static Path pinFile;

    @BeforeAll
    static void token() throws Exception {
        assumeTrue(SoftHsm.library().isPresent(), "SoftHSM2 is not installed (Debian package softhsm2)");
        assumeTrue(System.getenv("SOFTHSM2_CONF") != null, "SOFTHSM2_CONF is unset: run under Maven (ejb/pom.xml sets it)");
        library = SoftHsm.library().get();
        SoftHsm.forThisJvm();
        pinFile = Files.createTempFile("roll-", ".pin");
        Files.writeString(pinFile, SoftHsm.PIN + "\n");
    }

    @Test
    void aTokenCaRollsToAKeyInTheSameTokenAndItsLinkCertificatesVerify() throws Exception {
        String current = "pkcs11:library=" + library + ";token=named-cas;key=rolling;pin-file=" + pinFile;
        CaKeyLocation.Pkcs11Token location = (CaKeyLocation.Pkcs11Token) CaKeyLoader.location(current, Path.of("/unused"),
                Map.of());
        TokenCaKeys.Created ca = TokenCaKeys.selfSigned("rolling", location, Optional.of(KeyType.EC_P256),
                TokenCaKeys.Existing.FORBIDDEN, Optional.of("CN=Rolling Token CA, O=Test"));
        List<Path> uncommitted = new ArrayList<>();
        List<Runnable> undo = new ArrayList<>();
        EstEnvironment env = EstEnvironment.from(Map.of("EST_DATA_DIR", Files.createTempDirectory("roll-data").toString()));

        NextKey.Made next = NextKey.make(env, "rolling", current, 2, ca.key().certificate(), NextKey.keyType(null,
                ca.key().certificate()), uncommitted::add, undo::add);

        assertEquals(current.replace("key=rolling", "key=rolling-g2"), next.location(),
                "same token, label -g2, the PIN reference kept");
        assertTrue(uncommitted.isEmpty(), "no file for a token key");
        assertEquals(1, undo.size(), "a rollback would remove the token key");
        assertEquals(ca.key().certificate().holder().getSubject(), next.certificate().holder().getSubject());
        assertNotEquals(ca.key().certificate().sha256(), next.certificate().sha256());
        CaKey loaded = CaKeyLoader.load("rolling", next.location(), Path.of("/unused"), null);
        assertTrue(loaded.inToken(), "the next key lives in the token");
        assertEquals(next.certificate(), loaded.certificate());

        Instant now = Instant.now();
        LinkCertificates.Links links = LinkCertificates.make(CertificateIssuer.of(ca.key()),
                CertificateIssuer.of(new CaKey(loaded.key(), loaded.provider(), List.of(next.certificate()))), now);
        links.newWithOld().x509().verify(ca.key().certificate().x509().getPublicKey()); // signed by the old key in the token
        links.oldWithNew().x509().verify(next.certificate().x509().getPublicKey()); // signed by the new key in the token
        assertEquals(next.certificate().holder().getSubjectPublicKeyInfo(), links.newWithOld().holder().getSubjectPublicKeyInfo());

        // the same label a second time is refused (the token holds it already): never two keys under one label
        Conflict twice = assertThrows(Conflict.class, () -> NextKey.make(env, "rolling", current, 2,
                ca.key().certificate(), KeyType.EC_P256, uncommitted::add, undo::add));
        assertTrue(twice.getMessage().contains("exists already"), twice.getMessage());
        assertEquals(1, undo.size());

        // what a rolled-back next-key does: the token key goes, and the next attempt may generate it again
        undo.get(0).run();
        assertTrue(!org.estgateway.ejb.ca.key.CaKeys.exists(CaKeyLoader.location(next.location(), Path.of("/unused"),
                Map.of())), "removed from the token");
        NextKey.Made again = NextKey.make(env, "rolling", current, 2, ca.key().certificate(), KeyType.EC_P256,
                uncommitted::add, undo::add);
        assertEquals(next.location(), again.location());
    }
}
