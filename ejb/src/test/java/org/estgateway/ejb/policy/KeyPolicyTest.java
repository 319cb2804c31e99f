// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.estgateway.ejb.HostileCsrs;
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

    private static SubjectPublicKeyInfo keyOf(byte[] csrDer) {
        return org.bouncycastle.asn1.pkcs.CertificationRequest.getInstance(csrDer).getCertificationRequestInfo()
                .getSubjectPublicKeyInfo();
    }

    @Test
    void hugeRsaExponentIsRefusedBeforeAnySignatureWork() {
        byte[] csr = HostileCsrs.rsaWithHugeExponent("meter-17", 300_000);
        long start = System.nanoTime();
        MalformedRequest e = assertThrows(MalformedRequest.class, () -> KeyPolicy.checkVerifiable(keyOf(csr)));
        assertTrue(e.getMessage().contains("public exponent"), e.getMessage());
        assertTrue(System.nanoTime() - start < 200_000_000L, "refusal must not cost a modPow");
    }

    @Test
    void smallOrEvenRsaExponentsAreRefused() {
        MalformedRequest e = assertThrows(MalformedRequest.class,
                () -> KeyPolicy.check(keyOf(HostileCsrs.rsaExponent3("meter-17"))));
        assertTrue(e.getMessage().contains("public exponent"), e.getMessage());
        java.math.BigInteger n = ((java.security.interfaces.RSAPublicKey) HostileCsrs.rsaKey().getPublic()).getModulus();
        SubjectPublicKeyInfo even = rsa(n, java.math.BigInteger.valueOf(65538), DERNull.INSTANCE);
        assertThrows(MalformedRequest.class, () -> KeyPolicy.check(even));
        SubjectPublicKeyInfo ok = rsa(n, java.math.BigInteger.valueOf(65537), DERNull.INSTANCE);
        assertEquals("RSA 2048", KeyPolicy.check(ok));
        SubjectPublicKeyInfo noNull = rsa(n, java.math.BigInteger.valueOf(65537), null);
        assertTrue(assertThrows(MalformedRequest.class, () -> KeyPolicy.check(noNull)).getMessage().contains("NULL"));
    }

    @Test
    void rsaModulusIsBoundedBeforeVerification() {
        java.math.BigInteger huge = java.math.BigInteger.ONE.shiftLeft(16400).add(java.math.BigInteger.ONE);
        MalformedRequest e = assertThrows(MalformedRequest.class,
                () -> KeyPolicy.checkVerifiable(rsa(huge, java.math.BigInteger.valueOf(65537), DERNull.INSTANCE)));
        assertTrue(e.getMessage().contains("16384"), e.getMessage());
        // 1024 bits is verifiable (so SPEC §5's order holds) but not allowed
        assertEquals("RSA 1024", KeyPolicy.checkVerifiable(publicKey(KeyKind.RSA_1024)));
    }

    @Test
    void ecPointMustBeOnItsCurve() {
        MalformedRequest e = assertThrows(MalformedRequest.class,
                () -> KeyPolicy.checkVerifiable(keyOf(HostileCsrs.ecPointOffCurve("meter-17"))));
        assertTrue(e.getMessage().contains("EC P-256"), e.getMessage());
    }

    @Test
    void ecPointMustBeUncompressed() {
        SubjectPublicKeyInfo good = publicKey(KeyKind.EC_P256);
        org.bouncycastle.math.ec.ECPoint point = org.bouncycastle.asn1.x9.ECNamedCurveTable.getByOID(
                org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1).getCurve()
                .decodePoint(good.getPublicKeyData().getOctets());
        SubjectPublicKeyInfo compressed = new SubjectPublicKeyInfo(good.getAlgorithm(), point.getEncoded(true));
        assertTrue(assertThrows(MalformedRequest.class, () -> KeyPolicy.check(compressed)).getMessage()
                .contains("uncompressed"));
        byte[] infinity = {0x00};
        assertThrows(MalformedRequest.class, () -> KeyPolicy.check(new SubjectPublicKeyInfo(good.getAlgorithm(), infinity)));
    }

    @Test
    void explicitCurveParametersAndUnknownAlgorithmsAreRefused() {
        SubjectPublicKeyInfo good = publicKey(KeyKind.EC_P256);
        org.bouncycastle.asn1.x9.X9ECParameters explicit = org.bouncycastle.asn1.x9.ECNamedCurveTable.getByOID(
                org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1);
        SubjectPublicKeyInfo withParameters = new SubjectPublicKeyInfo(new AlgorithmIdentifier(
                org.bouncycastle.asn1.x9.X9ObjectIdentifiers.id_ecPublicKey, new org.bouncycastle.asn1.x9.X9ECParameters(
                        explicit.getCurve(), explicit.getBaseEntry(), explicit.getN(), explicit.getH())),
                good.getPublicKeyData().getOctets());
        assertTrue(assertThrows(MalformedRequest.class, () -> KeyPolicy.checkVerifiable(withParameters)).getMessage()
                .contains("named curve"));
        SubjectPublicKeyInfo dsa = new SubjectPublicKeyInfo(new AlgorithmIdentifier(
                org.bouncycastle.asn1.x9.X9ObjectIdentifiers.id_dsa), new byte[] {2, 1, 1});
        assertTrue(assertThrows(MalformedRequest.class, () -> KeyPolicy.checkVerifiable(dsa)).getMessage()
                .contains("not allowed"));
    }

    private static SubjectPublicKeyInfo rsa(java.math.BigInteger n, java.math.BigInteger e,
            org.bouncycastle.asn1.ASN1Encodable parameters) {
        try {
            return new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, parameters),
                    new RSAPublicKey(n, e));
        } catch (java.io.IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
