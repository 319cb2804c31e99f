// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.estgateway.ejb.LibestKeygenRule;
import org.estgateway.ejb.TestCa;
import org.estgateway.ejb.config.KeyAlgorithms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** libest's size rule on the serverkeygen multipart answer, for every key type the gateway generates. */
class ServerKeygenBodyLibestTest {
    static TestCa ca;

    @BeforeAll
    static void ca() {
        ca = TestCa.create();
    }

    static List<String> generatedTypes() {
        return KeyAlgorithms.GENERATED;
    }

    static LibestKeygenRule.Measure answer(String keyType, Base64Body.Layout layout) {
        KeyPair pair = KeyPairs.generate(keyType);
        CertificateDer cert = ca.issueClient(new X500Name("CN=keygen-" + keyType), Optional.empty(), pair.getPublic());
        ServerKeygenBody body = ServerKeygenBody.of(pair.getPrivate().getEncoded(), CertsOnly.of(List.of(cert)), layout);
        return LibestKeygenRule.measure(LibestKeygenRule.boundary(body.contentType()), body.bytes());
    }

    @ParameterizedTest
    @MethodSource("generatedTypes")
    void libestAcceptsExactlyTheListedKeyTypesInEveryLayout(String keyType) {
        for (Base64Body.Layout layout : Base64Body.Layout.values()) {
            LibestKeygenRule.Measure m = answer(keyType, layout);
            assertEquals(KeyAlgorithms.LIBEST_SERVERKEYGEN.contains(keyType), m.accepted(),
                    keyType + " " + layout + ": " + m);
        }
    }

    @ParameterizedTest
    @EnumSource(Base64Body.Layout.class)
    void theDefaultKeyTypePassesLibestsRule(Base64Body.Layout layout) {
        assertTrue(KeyAlgorithms.LIBEST_SERVERKEYGEN.contains(KeyAlgorithms.SERVERKEYGEN_DEFAULT));
        LibestKeygenRule.Measure m = answer(KeyAlgorithms.SERVERKEYGEN_DEFAULT, layout);
        assertTrue(m.accepted(), m.toString());
        assertTrue(m.key() >= 4 * LibestKeygenRule.MIN_KEY, "a wide margin, not a near miss: " + m);
    }

    @Test
    void ecP256IsWhatLibestRefuses() {
        LibestKeygenRule.Measure m = answer("ec-p256", Base64Body.Layout.WRAPPED);
        assertTrue(m.key() < LibestKeygenRule.MIN_KEY && m.cert() >= LibestKeygenRule.MIN_CERT, m.toString());
        assertFalse(m.accepted());
    }

    @Test
    void theRuleMeasuresTheBase64TextWithItsLineBreaksButNotThePartHeaders() {
        byte[] der = new byte[300];
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n";
        CertificateDer cert = ca.certificate();
        ServerKeygenBody body = ServerKeygenBody.of(der, CertsOnly.of(List.of(cert)), Base64Body.Layout.WRAPPED, "b-1");
        LibestKeygenRule.Measure m = LibestKeygenRule.measure("b-1", body.bytes());
        assertEquals(b64.length(), m.key());
        assertEquals(new String(Base64Body.encode(CertsOnly.of(List.of(cert)).der(), Base64Body.Layout.WRAPPED),
                StandardCharsets.US_ASCII).length(), m.cert());
        assertEquals("b-1", LibestKeygenRule.boundary("multipart/mixed; boundary=\"b-1\""));
    }
}
