// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.estgateway.ejb.TestCa;
import org.estgateway.ejb.TestCsrs;
import org.estgateway.ejb.pki.CertificateDer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClientCredentialsTest {

    private static String basic(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "\t"})
    void absentOrBlankHeaderIsNoCredentials(String header) {
        assertEquals(Optional.empty(), ClientCredentials.parseBasic(header));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic ", "Basic", "basic  ", "Basic Og=="})
    void emptyBasicCredentialsAsLibestSendsThemAreNoCredentials(String header) {
        assertEquals(Optional.empty(), ClientCredentials.parseBasic(header));
    }

    @Test
    void parsesUserAndPassword() {
        assertEquals(Optional.of(new ClientCredentials.Basic("meter-17", "s3cret")),
                ClientCredentials.parseBasic(basic("meter-17:s3cret")));
    }

    @Test
    void schemeIsCaseInsensitive() {
        String header = "bAsIc " + Base64.getEncoder().encodeToString("u:p".getBytes(StandardCharsets.UTF_8));
        assertEquals(Optional.of(new ClientCredentials.Basic("u", "p")), ClientCredentials.parseBasic(header));
    }

    @Test
    void passwordMayContainColons() {
        ClientCredentials.Basic b = ClientCredentials.parseBasic(basic("meter-17:a:b::c")).orElseThrow();
        assertEquals("meter-17", b.user());
        assertEquals("a:b::c", b.password());
    }

    @Test
    void credentialsAreUtf8() {
        ClientCredentials.Basic b = ClientCredentials.parseBasic(basic("zähler:pässwört")).orElseThrow();
        assertEquals("zähler", b.user());
        assertEquals("pässwört", b.password());
    }

    @Test
    void emptyPasswordIsStillCredentials() {
        assertEquals(Optional.of(new ClientCredentials.Basic("meter-17", "")),
                ClientCredentials.parseBasic(basic("meter-17:")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer abc.def.ghi", "Digest username=\"x\"", "Negotiate YII="})
    void otherSchemesAreRefused(String header) {
        assertThrows(IllegalArgumentException.class, () -> ClientCredentials.parseBasic(header));
    }

    @Test
    void invalidBase64IsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ClientCredentials.parseBasic("Basic !!not*base64"));
    }

    @Test
    void tokenWithoutColonIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ClientCredentials.parseBasic(basic("meter-17")));
    }

    @Test
    void toStringNeverContainsThePassword() {
        ClientCredentials.Basic b = ClientCredentials.parseBasic(basic("meter-17:TopSecret42")).orElseThrow();
        assertFalse(b.toString().contains("TopSecret42"), b.toString());
        assertTrue(b.toString().contains("meter-17"), b.toString());
        ClientCredentials credentials = new ClientCredentials(List.of(), Optional.of(b), true, "192.0.2.1");
        assertFalse(credentials.toString().contains("TopSecret42"), credentials.toString());
    }

    @Test
    void tlsCertificateIsTheLeafOfTheChain() {
        TestCa ca = TestCa.create();
        CertificateDer leaf = ca.issueClient(new X500Name("CN=meter-17"), Optional.empty(),
                TestCsrs.keyPair(TestCsrs.KeyKind.EC_P256).getPublic());
        assertEquals(Optional.of(leaf),
                new ClientCredentials(List.of(leaf, ca.certificate()), Optional.empty(), true, "192.0.2.1")
                        .tlsCertificate());
    }

    @Test
    void noTlsChainMeansNoTlsCertificate() {
        assertEquals(Optional.empty(),
                new ClientCredentials(List.of(), Optional.empty(), true, "192.0.2.1").tlsCertificate());
    }

    @Test
    void aUserNameWithNulOrLineBreakIsRefusedBeforeItReachesTheDatabase() {
        assertThrows(IllegalArgumentException.class, () -> ClientCredentials.parseBasic(basic("a\u0000b:pw")));
        assertThrows(IllegalArgumentException.class, () -> ClientCredentials.parseBasic(basic("dev\r\nforged:pw")));
        assertThrows(IllegalArgumentException.class, () -> ClientCredentials.parseBasic(basic("x".repeat(256) + ":pw")));
        assertThrows(IllegalArgumentException.class, () -> ClientCredentials.parseDigest(
                "Digest username=\"a\u0000b\", realm=\"r\", nonce=\"n\", uri=\"/\", response=\"00\""));
    }

    @Test
    void aPasswordIsBounded() {
        assertThrows(IllegalArgumentException.class, () -> ClientCredentials.parseBasic(basic("u:" + "p".repeat(1025))));
        assertEquals("p".repeat(1024), ClientCredentials.parseBasic(basic("u:" + "p".repeat(1024))).orElseThrow().password());
    }
}
