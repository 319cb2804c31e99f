// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPrivateKeySpec;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Hostile PKCS#10 requests, each correctly signed unless said otherwise, built from raw ASN.1 so that every
 * field can hold what a client should never send. Self-contained (Bouncy Castle only): the integration tests
 * use it through the ejb module's test jar.
 */
public final class HostileCsrs {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static KeyPair ec;
    private static KeyPair rsa;

    private HostileCsrs() {
    }

    public static synchronized KeyPair ecKey() {
        if (ec == null) {
            ec = generate("EC", 256);
        }
        return ec;
    }

    public static synchronized KeyPair rsaKey() {
        if (rsa == null) {
            rsa = generate("RSA", 2048);
        }
        return rsa;
    }

    /** A request with this version, subject, key and attributes, signed with {@code signer}. */
    public static byte[] signed(ASN1Integer version, ASN1Encodable subject, SubjectPublicKeyInfo key,
            List<Attribute> attributes, KeyPair signer) {
        DERSequence info = new DERSequence(new ASN1Encodable[] {version, subject, key,
                new DERTaggedObject(false, 0, new DERSet(attributes.toArray(ASN1Encodable[]::new)))});
        boolean isRsa = signer.getPrivate().getAlgorithm().startsWith("RSA");
        AlgorithmIdentifier algorithm = isRsa
                ? new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE)
                : new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
        try {
            Signature s = Signature.getInstance(isRsa ? "SHA256withRSA" : "SHA256withECDSA", BC);
            s.initSign(signer.getPrivate());
            s.update(info.getEncoded(ASN1Encoding.DER));
            return new DERSequence(new ASN1Encodable[] {info, algorithm, new DERBitString(s.sign())})
                    .getEncoded(ASN1Encoding.DER);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A well-formed EC P-256 request for this subject and extra attributes. */
    public static byte[] withSubject(ASN1Encodable subject, Attribute... attributes) {
        return signed(new ASN1Integer(0), subject, spki(ecKey()), List.of(attributes), ecKey());
    }

    public static byte[] valid(String commonName) {
        return withSubject(subject(commonName));
    }

    public static X500Name subject(String commonName) {
        return new X500Name("CN=" + commonName);
    }

    /** A subject of one attribute holding any ASN.1 value (e.g. a UTF8String with a NUL in it). */
    public static X500Name subject(ASN1ObjectIdentifier type, ASN1Encodable value) {
        return new X500Name(new RDN[] {new RDN(new AttributeTypeAndValue(type, value))});
    }

    public static Attribute sans(GeneralName... names) {
        return extensions(new Extension(Extension.subjectAlternativeName, false, der(new GeneralNames(names))));
    }

    public static Attribute extensions(Extension... extensions) {
        return new Attribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, new DERSet(new Extensions(extensions)));
    }

    /** The SAN list of the incident: one dNSName repeated {@code count} times. */
    public static byte[] duplicateDnsNames(String commonName, int count) {
        GeneralName[] names = new GeneralName[count];
        Arrays.fill(names, new GeneralName(GeneralName.dNSName, commonName));
        return withSubject(subject(commonName), sans(names));
    }

    /** CertificationRequestInfo version −1 (RFC 2986 allows only 0), correctly signed. */
    public static byte[] version(String commonName, long version) {
        return signed(new ASN1Integer(version), subject(commonName), spki(ecKey()), List.of(), ecKey());
    }

    /** The outer SEQUENCE length in a 3-byte long form (BER): outside the signed part, the signature still holds. */
    public static byte[] berOuterLength(byte[] der) {
        int headerLength = 2 + ((der[1] & 0x80) != 0 ? der[1] & 0x7f : 0);
        int length = der.length - headerLength;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        out.write(0x83);
        out.write(length >>> 16);
        out.write(length >>> 8);
        out.write(length);
        out.write(der, headerLength, length);
        return out.toByteArray();
    }

    /** The outer SEQUENCE with an indefinite length (BER) and its end-of-contents octets. */
    public static byte[] berIndefiniteLength(byte[] der) {
        int headerLength = 2 + ((der[1] & 0x80) != 0 ? der[1] & 0x7f : 0);
        byte[] out = new byte[der.length - headerLength + 4];
        out[0] = 0x30;
        out[1] = (byte) 0x80;
        System.arraycopy(der, headerLength, out, 2, der.length - headerLength);
        return out; // the last two bytes stay 00 00
    }

    public static byte[] trailingBytes(byte[] der) {
        byte[] out = Arrays.copyOf(der, der.length + 3);
        out[der.length] = 0x05;
        out[der.length + 1] = 0x00; // a NULL after the request
        out[der.length + 2] = 0x00;
        return out;
    }

    /**
     * An RSA 2048 request whose public exponent has {@code exponentBits} bits (the incident: 300,000), signed
     * with the matching private exponent, so verifying it would cost seconds of modPow.
     */
    public static byte[] rsaWithHugeExponent(String commonName, int exponentBits) {
        RSAPrivateCrtKey base = (RSAPrivateCrtKey) rsaKey().getPrivate();
        BigInteger p = base.getPrimeP();
        BigInteger q = base.getPrimeQ();
        BigInteger phi = p.subtract(BigInteger.ONE).multiply(q.subtract(BigInteger.ONE));
        Random random = new Random(exponentBits);
        BigInteger e;
        do {
            e = new BigInteger(exponentBits, random).setBit(exponentBits - 1).setBit(0);
        } while (!e.gcd(phi).equals(BigInteger.ONE));
        return rsaWithExponent(commonName, e, e.modInverse(phi));
    }

    /** An RSA 2048 request with the public exponent {@code e} (e.g. 3), correctly signed. */
    public static byte[] rsaWithExponent(String commonName, BigInteger e, BigInteger d) {
        BigInteger n = ((RSAPrivateCrtKey) rsaKey().getPrivate()).getModulus();
        try {
            PrivateKey privateKey = KeyFactory.getInstance("RSA", BC).generatePrivate(new RSAPrivateKeySpec(n, d));
            SubjectPublicKeyInfo spki = new SubjectPublicKeyInfo(
                    new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), new RSAPublicKey(n, e));
            return signed(new ASN1Integer(0), subject(commonName), spki, List.of(),
                    new KeyPair(rsaKey().getPublic(), privateKey));
        } catch (GeneralSecurityException | IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** An RSA 2048 request with a small public exponent (3, or the next odd prime coprime to φ(n)). */
    public static byte[] rsaExponent3(String commonName) {
        RSAPrivateCrtKey base = (RSAPrivateCrtKey) rsaKey().getPrivate();
        BigInteger phi = base.getPrimeP().subtract(BigInteger.ONE).multiply(base.getPrimeQ().subtract(BigInteger.ONE));
        BigInteger e = BigInteger.valueOf(3);
        while (!e.gcd(phi).equals(BigInteger.ONE)) {
            e = e.nextProbablePrime();
        }
        return rsaWithExponent(commonName, e, e.modInverse(phi));
    }

    /** An EC P-256 request whose public point has its last coordinate byte changed: off the curve. */
    public static byte[] ecPointOffCurve(String commonName) {
        SubjectPublicKeyInfo good = spki(ecKey());
        byte[] point = good.getPublicKeyData().getOctets();
        point[point.length - 1] ^= 0x01;
        return signed(new ASN1Integer(0), subject(commonName), new SubjectPublicKeyInfo(good.getAlgorithm(), point),
                List.of(), ecKey());
    }

    /** Many distinct subject attribute values, one per RDN. */
    public static X500Name manyOrganizationalUnits(String commonName, int count) {
        List<RDN> rdns = new ArrayList<>();
        rdns.add(new RDN(new AttributeTypeAndValue(org.bouncycastle.asn1.x500.style.BCStyle.CN,
                new DERUTF8String(commonName))));
        for (int i = 0; i < count; i++) {
            rdns.add(new RDN(new AttributeTypeAndValue(org.bouncycastle.asn1.x500.style.BCStyle.OU,
                    new DERUTF8String("unit " + i))));
        }
        return new X500Name(rdns.toArray(RDN[]::new));
    }

    public static SubjectPublicKeyInfo spki(KeyPair pair) {
        return SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded());
    }

    public static byte[] der(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Raw ASN.1 from bytes, e.g. a UTF8String whose content octets are not UTF-8. */
    public static ASN1Primitive raw(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        try {
            return ASN1Primitive.fromByteArray(b);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair generate(String algorithm, int bits) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm, BC);
            if (algorithm.equals("EC")) {
                g.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                g.initialize(bits);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
