// SPDX-License-Identifier: Apache-2.0
package org.estgateway.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.Test;

class EstEcProviderTest {
    private final EstEcProvider provider = new EstEcProvider(true);

    @Test
    void offersTheEllipticCurveServicesOnly() {
        assertEquals(EstEcProvider.SERVICES.size(), provider.getServices().size());
        assertNull(provider.getService("Cipher", "AES/GCM/NoPadding"), "record encryption stays the JDK's");
        assertNull(provider.getService("SecureRandom", "DEFAULT"));
        assertNull(provider.getService("KeyStore", "PKCS12"));
        assertTrue(new EstEcProvider(false).getServices().isEmpty(), "est.tls.ec=jdk: nothing registered");
    }

    /** A key of the JDK's SunEC (as the TLS key store holds it) signs through this provider; SunEC verifies. */
    @Test
    void signsWithJdkKeysInteroperably() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", "SunEC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = g.generateKeyPair();
        byte[] data = "handshake transcript".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Signature sign = Signature.getInstance("SHA256withECDSA", provider);
        sign.initSign(key.getPrivate());
        sign.update(data);
        byte[] signature = sign.sign();
        Signature verify = Signature.getInstance("SHA256withECDSA", "SunEC");
        verify.initVerify(key.getPublic());
        verify.update(data);
        assertTrue(verify.verify(signature));
        Signature back = Signature.getInstance("SHA256withECDSA", provider);
        back.initVerify(key.getPublic());
        back.update(data);
        assertTrue(back.verify(signature));
    }

    /** X25519 as SunJSSE does it (NamedParameterSpec), agreeing with SunEC's end. */
    @Test
    void agreesX25519WithTheJdk() throws Exception {
        KeyPairGenerator ours = KeyPairGenerator.getInstance("XDH", provider);
        ours.initialize(new NamedParameterSpec("X25519"));
        KeyPair a = ours.generateKeyPair();
        KeyPairGenerator jdk = KeyPairGenerator.getInstance("XDH", "SunEC");
        jdk.initialize(new NamedParameterSpec("X25519"));
        KeyPair b = jdk.generateKeyPair();
        KeyAgreement ka = KeyAgreement.getInstance("XDH", provider);
        ka.init(a.getPrivate());
        ka.doPhase(b.getPublic(), true);
        KeyAgreement kb = KeyAgreement.getInstance("XDH", "SunEC");
        kb.init(b.getPrivate());
        kb.doPhase(a.getPublic(), true);
        assertTrue(Arrays.equals(ka.generateSecret(), kb.generateSecret()));
    }
}
