// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.estgateway.ejb.config.KeyType;
import org.estgateway.ejb.pki.CertificateDer;
import org.junit.jupiter.api.Test;

/** Generating and importing CA keys: what an import must satisfy (issue 14). */
class CaFactoryTest {
    static final char[] PW = "secret-1".toCharArray();

    static byte[] p12(KeyStoreFiles.KeyEntry e, char[] password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("x", e.key(), password, e.chain().stream().map(CertificateDer::x509).toArray(Certificate[]::new));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ks.store(out, password);
        return out.toByteArray();
    }

    @Test
    void generatedCaImportsBack() throws Exception {
        KeyStoreFiles.KeyEntry ca = CaFactory.generate("plant-1", KeyType.EC_P256, Optional.of("CN=Plant 1 CA, O=Example"));
        assertEquals("CN=Plant 1 CA,O=Example", ca.certificate().holder().getSubject().toString());
        assertEquals("EC P-256", CaFactory.algorithm(ca.certificate()));
        KeyStoreFiles.KeyEntry back = CaFactory.fromPkcs12(p12(ca, PW), PW, Instant.now());
        assertEquals(ca.certificate(), back.certificate());
    }

    @Test
    void refusesWrongPasswordGarbageAndMismatchingKey() throws Exception {
        KeyStoreFiles.KeyEntry a = CaFactory.generate("a", KeyType.EC_P256, Optional.empty());
        KeyStoreFiles.KeyEntry b = CaFactory.generate("b", KeyType.EC_P256, Optional.empty());
        byte[] good = p12(a, PW);
        assertTrue(refusal(() -> CaFactory.fromPkcs12(good, "wrong".toCharArray(), Instant.now())).contains("password"));
        assertTrue(refusal(() -> CaFactory.fromPkcs12(new byte[] {1, 2, 3}, PW, Instant.now())).contains("PKCS#12"));
        String mismatch = refusal(() -> CaFactory.checkCa(a.key(), List.of(b.certificate()), Instant.now()));
        assertTrue(mismatch.contains("does not match"), mismatch);
        String chain = refusal(() -> CaFactory.checkCa(a.key(), List.of(a.certificate(), b.certificate()), Instant.now()));
        assertTrue(chain.contains("does not link up"), chain);
        String expired = refusal(() -> CaFactory.checkCa(a.key(), List.of(a.certificate()), Instant.now().plusSeconds(86400L * 4000)));
        assertTrue(expired.contains("not valid now"), expired);
    }

    @Test
    void keyLocationsStayInsideTheDataDirectory() {
        Path data = Path.of("/srv/est");
        assertEquals(Path.of("/srv/est/ca/p1.p12"), CaKeyLoader.pkcs12File(data, CaKeyLoader.pkcs12Location("p1")));
        assertThrows(IllegalArgumentException.class, () -> CaKeyLoader.pkcs12File(data, "pkcs12:../etc/x.p12"));
        assertEquals("pkcs11", CaKeyLoader.kind("pkcs11:token=ca;object=k"));
    }

    private static String refusal(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(CaFactory.CaRefused.class, e).getMessage();
    }
}
