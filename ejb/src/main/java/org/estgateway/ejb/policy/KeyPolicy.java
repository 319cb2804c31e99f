// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.policy;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.math.ec.ECPoint;
import org.estgateway.ejb.error.MalformedRequest;
import org.estgateway.ejb.pki.DerStrictness;

/**
 * SPEC §5 key policy: RSA ≥ 2048 bits, EC on P-256/P-384/P-521, Ed25519. Anything else is refused (400).
 * Runs before the signature is verified, so a key that would make verification expensive (a huge RSA exponent
 * or modulus) or undefined (a point off the curve, explicit curve parameters) never reaches it.
 */
public final class KeyPolicy {
    static final int MIN_RSA_BITS = 2048;
    static final int MAX_RSA_BITS = 16384;
    static final BigInteger MIN_RSA_EXPONENT = BigInteger.valueOf(65537);
    private static final Map<ASN1ObjectIdentifier, String> CURVES = Map.of(
            SECObjectIdentifiers.secp256r1, "P-256",
            SECObjectIdentifiers.secp384r1, "P-384",
            SECObjectIdentifiers.secp521r1, "P-521");

    private KeyPolicy() {
    }

    /** Checks the key and returns a short description of it, e.g. "EC P-256" or "RSA 3072". */
    public static String check(SubjectPublicKeyInfo key) {
        String description = checkVerifiable(key);
        if (description.startsWith("RSA ") && Integer.parseInt(description.substring(4)) < MIN_RSA_BITS) {
            throw new MalformedRequest("key policy: " + description.replace("RSA ", "RSA key of ")
                    + " bits, need 2048 to 16384");
        }
        return description;
    }

    /**
     * The part of the key policy that must hold before a signature is verified with the key: an allowed
     * algorithm, a well-formed key, an RSA modulus of at most 16384 bits and a bounded exponent, an EC point on
     * its named curve. Only the minimum RSA size is left to {@link #check}, so that the SPEC §5 order of
     * refusals (proof of possession, challengePassword, key policy) is kept for keys that are merely weak.
     */
    public static String checkVerifiable(SubjectPublicKeyInfo key) {
        ASN1ObjectIdentifier algorithm = key.getAlgorithm().getAlgorithm();
        if (key.getPublicKeyData().getPadBits() != 0) {
            throw new MalformedRequest("key policy: public key BIT STRING with unused bits");
        }
        if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
            if (!DERNull.INSTANCE.equals(key.getAlgorithm().getParameters())) {
                throw new MalformedRequest("key policy: rsaEncryption parameters must be NULL (RFC 3279 §2.3.1)");
            }
            return "RSA " + rsaBits(key);
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
            ASN1ObjectIdentifier curve = key.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier oid ? oid : null;
            String name = curve == null ? null : CURVES.get(curve);
            if (name == null) {
                throw new MalformedRequest("key policy: EC keys must use named curve P-256, P-384 or P-521");
            }
            checkPoint(curve, key.getPublicKeyData().getOctets(), name);
            return "EC " + name;
        }
        if (EdECObjectIdentifiers.id_Ed25519.equals(algorithm)) {
            // RFC 8410 §3: parameters MUST be absent; the key is 32 octets
            if (key.getAlgorithm().getParameters() != null || key.getPublicKeyData().getOctets().length != 32) {
                throw new MalformedRequest("key policy: malformed Ed25519 public key");
            }
            return "Ed25519";
        }
        throw new MalformedRequest("key policy: key algorithm " + algorithm.getId()
                + " not allowed (RSA, EC P-256/P-384/P-521, Ed25519)");
    }

    /**
     * The modulus size, and the public exponent: odd and 2^16 < e < 2^256 (FIPS 186-5 §5.4, NIST SP 800-89).
     * 65537 is what every client generates; the upper bound keeps signature verification cheap.
     */
    private static int rsaBits(SubjectPublicKeyInfo key) {
        byte[] der = key.getPublicKeyData().getOctets();
        DerStrictness.check(der, "the RSA public key");
        RSAPublicKey rsa;
        try {
            rsa = RSAPublicKey.getInstance(ASN1Primitive.fromByteArray(der));
        } catch (IOException | RuntimeException e) {
            throw new MalformedRequest("key policy: malformed RSA public key");
        }
        BigInteger modulus = rsa.getModulus();
        BigInteger exponent = rsa.getPublicExponent();
        int bits = modulus.bitLength();
        if (modulus.signum() <= 0 || bits > MAX_RSA_BITS) {
            throw new MalformedRequest("key policy: RSA key of " + bits + " bits, need 2048 to 16384");
        }
        if (!modulus.testBit(0)) {
            throw new MalformedRequest("key policy: RSA modulus is even");
        }
        if (!exponent.testBit(0) || exponent.compareTo(MIN_RSA_EXPONENT) < 0 || exponent.bitLength() > 256) {
            throw new MalformedRequest("key policy: RSA public exponent must be odd and between 65537 and 2^256-1"
                    + " (" + (exponent.bitLength() > 64 ? exponent.bitLength() + " bits" : exponent) + ")");
        }
        return bits;
    }

    /** SEC 1 §2.3.4 / RFC 5480 §2.2: an uncompressed point of the right length, on the curve, not infinity. */
    private static void checkPoint(ASN1ObjectIdentifier curve, byte[] encoded, String name) {
        X9ECParameters parameters = ECNamedCurveTable.getByOID(curve);
        int fieldBytes = (parameters.getCurve().getFieldSize() + 7) / 8;
        if (encoded.length != 1 + 2 * fieldBytes || encoded[0] != 0x04) {
            throw new MalformedRequest("key policy: EC " + name + " public key must be an uncompressed point");
        }
        try {
            ECPoint point = parameters.getCurve().decodePoint(encoded);
            if (point.isInfinity() || !point.isValid()) {
                throw new MalformedRequest("key policy: EC " + name + " public key is not a valid point");
            }
        } catch (IllegalArgumentException e) {
            throw new MalformedRequest("key policy: EC " + name + " public key is not on the curve");
        }
    }
}
