// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.estgateway.ejb.TestCsrs;
import org.estgateway.ejb.TestCsrs.KeyKind;
import org.estgateway.ejb.error.MalformedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class KeyPolicyTest {

    private static SubjectPublicKeyInfo publicKey(KeyKind kind) {
        return SubjectPublicKeyInfo.getInstance(TestCsrs.keyPair(kind).getPublic().getEncoded());
    }

    @ParameterizedTest
    @CsvSource({
        "RSA_2048, RSA 2048",
        "EC_P256, EC P-256",
        "EC_P384, EC P-384",
        "EC_P521, EC P-521",
        "ED25519, Ed25519"})
    void acceptsAllowedKeysAndDescribesThem(KeyKind kind, String description) {
        assertEquals(description, KeyPolicy.check(publicKey(kind)));
    }

    @ParameterizedTest
    @EnumSource(value = KeyKind.class, names = {"RSA_1024", "SECP256K1", "ED448"})
    void refusesOtherKeysAsMalformed(KeyKind kind) {
        MalformedRequest e = assertThrows(MalformedRequest.class, () -> KeyPolicy.check(publicKey(kind)));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("key policy"), e.getMessage());
    }

    @Test
    void refusalOfAShortRsaKeyNamesItsSize() {
        MalformedRequest e = assertThrows(MalformedRequest.class, () -> KeyPolicy.check(publicKey(KeyKind.RSA_1024)));
        assertTrue(e.getMessage().contains("1024"), e.getMessage());
    }

    @Test
    void keyPolicyIsCheckedOnTheRequestsOwnKey() {
        assertEquals("EC P-384", KeyPolicy.check(TestCsrs.csr("CN=d").key(KeyKind.EC_P384).request().publicKey()));
    }
}
