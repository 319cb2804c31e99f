// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.BERSequence;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Hostile PKCS#10 requests for one device name, built field by field with Bouncy Castle's ASN.1 classes (so
 * they can say what BC's builders refuse to: version -1, NUL in names, duplicated SANs, unknown attributes,
 * absurd RSA exponents) and signed with a real key, so each reaches the check it is aimed at, not just the
 * signature check. Plus blind byte mutations of a valid request. Every one of them must be refused.
 */
final class HostileCsrs {
    static final String[] STRUCTURAL = {"subject-nul", "subject-control", "subject-4k", "subject-many-rdns",
        "subject-bmp-surrogate", "subject-empty", "subject-printable-invalid", "dup-san", "dup-san-extension",
        "dup-extension-request", "san-nul", "san-4k", "san-bad-ip", "san-empty", "unknown-attribute",
        "unknown-critical-extension", "challenge-password-4k", "version-minus-1", "version-huge", "version-1",
        "huge-rsa-exponent", "rsa-exponent-1", "rsa-negative-modulus", "ec-bad-point", "unknown-key-algorithm",
        "signature-algorithm-mismatch", "bitstring-pad-bits", "ber-indefinite", "trailing-garbage", "deep-nesting",
        "attribute-empty-set", "extension-request-garbage"};
    /** What serverkeygen must refuse too: defects of the subject, SANs, attributes and structure, not of the key. */
    static final java.util.Set<String> REFUSED_BY_SERVERKEYGEN = java.util.Set.of("subject-nul", "subject-control",
            "subject-4k", "subject-many-rdns", "subject-bmp-surrogate", "subject-printable-invalid", "dup-san",
            "dup-san-extension", "dup-extension-request", "san-nul", "san-4k", "san-bad-ip", "san-empty",
            "unknown-critical-extension", "version-minus-1", "version-huge", "version-1", "ber-indefinite",
            "trailing-garbage", "deep-nesting", "attribute-empty-set", "extension-request-garbage");
    private static final AlgorithmIdentifier ECDSA_SHA256 = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
    private final KeyPair key;
    private final String cn;
    private final byte[] valid;

    HostileCsrs(KeyPair ecKey, String cn) {
        this.key = ecKey;
        this.cn = cn;
        this.valid = request(0, name(cn), spki(), new DERSet(), ECDSA_SHA256, true);
    }

    /** A correctly signed request for the device: the seed of the byte mutations (never sent as is). */
    byte[] valid() {
        return valid.clone();
    }

    /** Blind edits of the valid request: bit flips, truncation, length octets, insertions, duplications. */
    byte[] byteMutation(Random r, StringBuilder what) {
        byte[] b = valid.clone();
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int kind = r.nextInt(6);
            int at = r.nextInt(b.length);
            switch (kind) {
                case 0 -> {
                    b[at] ^= (byte) (1 << r.nextInt(8));
                    what.append("flip@").append(at).append(' ');
                }
                case 1 -> {
                    b = Arrays.copyOf(b, Math.max(1, at));
                    what.append("truncate@").append(at).append(' ');
                }
                case 2 -> { // a length octet: the byte after a tag, made shorter, longer, long-form or absurd
                    int[] deltas = {1, -1, 0x80, 0x7f, 0xff, 0x84};
                    int d = deltas[r.nextInt(deltas.length)];
                    int pos = Math.min(b.length - 1, at | 1);
                    b[pos] = (byte) (d == 0x80 || d == 0xff || d == 0x84 ? d : b[pos] + d);
                    what.append("length@").append(pos).append('=').append(b[pos] & 0xff).append(' ');
                }
                case 3 -> {
                    byte[] ins = new byte[1 + r.nextInt(8)];
                    r.nextBytes(ins);
                    b = splice(b, at, ins);
                    what.append("insert@").append(at).append(' ');
                }
                case 4 -> {
                    int len = Math.min(b.length - at, 1 + r.nextInt(64));
                    b = splice(b, at, Arrays.copyOfRange(b, at, at + len));
                    what.append("duplicate@").append(at).append('+').append(len).append(' ');
                }
                default -> {
                    b = Arrays.copyOf(b, b.length + 1 + r.nextInt(16));
                    what.append("append-zeros ");
                }
            }
        }
        if (Arrays.equals(b, valid)) { // an edit that wrote the byte already there: still send a broken request
            b[b.length - 1] ^= 0x01;
            what.append("flip-last");
        }
        return b;
    }

    private static byte[] splice(byte[] b, int at, byte[] ins) {
        byte[] c = new byte[b.length + ins.length];
        System.arraycopy(b, 0, c, 0, at);
        System.arraycopy(ins, 0, c, at, ins.length);
        System.arraycopy(b, at, c, at + ins.length, b.length - at);
        return c;
    }

    /** One structural mutation, chosen by name. */
    byte[] structural(String kind, Random r) {
        String big = "x".repeat(4096);
        return switch (kind) {
            case "subject-nul" -> signed(name(cn + "\0.evil.example"), attrs());
            case "subject-control" -> signed(name(cn + "\r\n\t\u001b[31m\u007f"), attrs());
            case "subject-4k" -> signed(new X500Name(new RDN[] {rdn(BCStyle.CN, new DERUTF8String(cn)),
                rdn(BCStyle.O, new DERUTF8String(big)), rdn(BCStyle.OU, new DERUTF8String(big))}), attrs());
            case "subject-many-rdns" -> {
                RDN[] rdns = new RDN[300];
                rdns[0] = rdn(BCStyle.CN, new DERUTF8String(cn));
                for (int i = 1; i < rdns.length; i++) {
                    rdns[i] = rdn(BCStyle.OU, new DERUTF8String("ou" + i));
                }
                yield signed(new X500Name(rdns), attrs());
            }
            case "subject-bmp-surrogate" -> signed(new X500Name(new RDN[] {rdn(BCStyle.CN, new DERBMPString(cn + "\uD800"))}),
                    attrs());
            case "subject-empty" -> signed(new X500Name(new RDN[0]), attrs());
            case "subject-printable-invalid" -> signed(new X500Name(new RDN[] {rdn(BCStyle.CN,
                    new DERPrintableString(cn + "@*!é", false))}), attrs());
            case "dup-san" -> signed(name(cn), attrs(extensionRequest(san(Arrays.stream(new int[2 + r.nextInt(200)])
                    .mapToObj(i -> new GeneralName(GeneralName.dNSName, cn)).toArray(GeneralName[]::new)))));
            case "dup-san-extension" -> signed(name(cn), attrs(extensionRequest(san(dns(cn)), san(dns("other.example")))));
            case "dup-extension-request" -> signed(name(cn), attrs(extensionRequest(san(dns(cn))),
                    extensionRequest(san(dns("other.example")))));
            case "san-nul" -> signed(name(cn), attrs(extensionRequest(san(new GeneralName(GeneralName.dNSName,
                    new DERIA5String(cn + "\0.evil.example", false))))));
            case "san-4k" -> signed(name(cn), attrs(extensionRequest(san(dns(big + ".example")))));
            case "san-bad-ip" -> signed(name(cn), attrs(extensionRequest(san(new GeneralName(GeneralName.iPAddress,
                    new DEROctetString(new byte[1 + r.nextInt(40)]))))));
            case "san-empty" -> signed(name(cn), attrs(extensionRequest(new Extension(Extension.subjectAlternativeName,
                    false, der(new DERSequence())))));
            case "unknown-attribute" -> signed(name(cn), attrs(attribute(new ASN1ObjectIdentifier("1.3.6.1.4.1.99999."
                    + r.nextInt(1000)), new DEROctetString(bytes(r, r.nextInt(512))))));
            case "unknown-critical-extension" -> signed(name(cn), attrs(extensionRequest(new Extension(
                    new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.7." + r.nextInt(100)), true, bytes(r, 16)))));
            case "challenge-password-4k" -> signed(name(cn), attrs(attribute(PKCSObjectIdentifiers.pkcs_9_at_challengePassword,
                    new DERUTF8String(big))));
            case "version-minus-1" -> request(-1, name(cn), spki(), attrs(), ECDSA_SHA256, true);
            case "version-huge" -> request(BigInteger.ONE.shiftLeft(100 + r.nextInt(900)), name(cn), spki(), attrs(),
                    ECDSA_SHA256, true);
            case "version-1" -> request(1, name(cn), spki(), attrs(), ECDSA_SHA256, true);
            case "huge-rsa-exponent" -> rsa(BigInteger.ONE.shiftLeft(2048).subtract(BigInteger.valueOf(r.nextInt(1000) * 2 + 1)),
                    BigInteger.ONE.shiftLeft(1024 + r.nextInt(15 * 1024)).add(BigInteger.ONE), r);
            case "rsa-exponent-1" -> rsa(BigInteger.ONE.shiftLeft(2048).subtract(BigInteger.ONE), BigInteger.ONE, r);
            case "rsa-negative-modulus" -> rsa(BigInteger.ONE.shiftLeft(2048).negate(), BigInteger.valueOf(65537), r);
            case "ec-bad-point" -> request(0, name(cn), new SubjectPublicKeyInfo(spki().getAlgorithm(), bytes(r, 65)),
                    attrs(), ECDSA_SHA256, false);
            case "unknown-key-algorithm" -> request(0, name(cn), new SubjectPublicKeyInfo(new AlgorithmIdentifier(
                    new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1")), bytes(r, 32)), attrs(), ECDSA_SHA256, false);
            case "signature-algorithm-mismatch" -> request(0, name(cn), spki(), attrs(), new AlgorithmIdentifier(
                    PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE), true);
            case "bitstring-pad-bits" -> {
                byte[] ok = signed(name(cn), attrs());
                // the last BIT STRING of the request is the signature: its pad-bits octet sits after tag and length
                int at = ok.length - signatureLength(ok);
                ok[at] = (byte) (1 + r.nextInt(7));
                yield ok;
            }
            case "ber-indefinite" -> ber(signed(name(cn), attrs()));
            case "trailing-garbage" -> {
                byte[] ok = signed(name(cn), attrs());
                yield splice(ok, ok.length, bytes(r, 1 + r.nextInt(64)));
            }
            case "deep-nesting" -> {
                ASN1Encodable v = DERNull.INSTANCE;
                for (int i = 0, depth = 200 + r.nextInt(1800); i < depth; i++) {
                    v = new DERSequence(v);
                }
                yield signed(name(cn), attrs(attribute(new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.2"), v)));
            }
            case "attribute-empty-set" -> signed(name(cn), new DERSet(new DERSequence(new ASN1Encodable[] {
                PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, new DERSet()})));
            case "extension-request-garbage" -> signed(name(cn), attrs(attribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest,
                    new DEROctetString(bytes(r, 1 + r.nextInt(100))))));
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static int signatureLength(byte[] der) {
        // the signature BIT STRING ends the request: 03 len 00 <ECDSA SEQUENCE 30 L ...>; find 03 L 00 30 from the end
        for (int i = der.length - 8; i > 0; i--) {
            if (der[i] == 0x03 && der[i + 2] == 0x00 && der[i + 3] == 0x30 && (der[i + 1] & 0xff) == der.length - i - 2) {
                return der.length - (i + 2);
            }
        }
        return 1;
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static X500Name name(String cn) {
        return new X500Name(new RDN[] {rdn(BCStyle.CN, new DERUTF8String(cn))});
    }

    private static RDN rdn(ASN1ObjectIdentifier type, ASN1Encodable value) {
        return new RDN(new AttributeTypeAndValue(type, value));
    }

    private static GeneralName dns(String name) {
        return new GeneralName(GeneralName.dNSName, name);
    }

    private static Extension san(GeneralName... names) {
        return new Extension(Extension.subjectAlternativeName, false, der(new DERSequence(names)));
    }

    private static ASN1Encodable extensionRequest(Extension... extensions) {
        ASN1EncodableVector v = new ASN1EncodableVector();
        for (Extension e : extensions) {
            v.add(e);
        }
        return attribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, new DERSequence(v));
    }

    private static ASN1Encodable attribute(ASN1ObjectIdentifier type, ASN1Encodable value) {
        return new DERSequence(new ASN1Encodable[] {type, new DERSet(value)});
    }

    private static DERSet attrs(ASN1Encodable... attributes) {
        return new DERSet(attributes);
    }

    private SubjectPublicKeyInfo spki() {
        return SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded());
    }

    private byte[] signed(X500Name subject, DERSet attributes) {
        return request(0, subject, spki(), attributes, ECDSA_SHA256, true);
    }

    private byte[] rsa(BigInteger modulus, BigInteger exponent, Random r) {
        SubjectPublicKeyInfo spki = new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption,
                DERNull.INSTANCE), der(new RSAPublicKey(modulus, exponent)));
        byte[] info = der(new DERSequence(new ASN1Encodable[] {new ASN1Integer(0), name(cn), spki,
            new DERTaggedObject(false, 0, new DERSet())}));
        return sequence(info, der(new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE)),
                der(new DERBitString(bytes(r, 256))));
    }

    /** CertificationRequest built by hand (RFC 2986 §4), signed by the EC key unless {@code sign} is false. */
    private byte[] request(Object version, X500Name subject, SubjectPublicKeyInfo spki, DERSet attributes,
            AlgorithmIdentifier signatureAlgorithm, boolean sign) {
        ASN1Integer v = version instanceof BigInteger b ? new ASN1Integer(b) : new ASN1Integer((Integer) version);
        byte[] info = der(new DERSequence(new ASN1Encodable[] {v, subject, spki, new DERTaggedObject(false, 0, attributes)}));
        byte[] signature;
        try {
            if (sign) {
                Signature s = Signature.getInstance("SHA256withECDSA", Csrs.BC);
                s.initSign(key.getPrivate());
                s.update(info);
                signature = s.sign();
            } else {
                signature = new byte[70];
            }
            return sequence(info, der(signatureAlgorithm), der(new DERBitString(signature)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A DER SEQUENCE of already encoded elements, without parsing them again (Bouncy Castle refuses to parse
     * the deep nesting some of these requests carry; the server has to cope with it).
     */
    private static byte[] sequence(byte[]... elements) {
        byte[] content = HostileRequest.concat(elements);
        int n = content.length;
        byte[] length = n < 0x80 ? new byte[] {(byte) n} : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
                : n < 0x10000 ? new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n}
                : new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        return HostileRequest.concat(new byte[] {0x30}, length, content);
    }

    /** The same request with indefinite-length (BER) outer encoding: DER is required. */
    private static byte[] ber(byte[] der) {
        try {
            org.bouncycastle.asn1.ASN1Sequence seq = org.bouncycastle.asn1.ASN1Sequence.getInstance(der);
            return new BERSequence(seq.toArray()).getEncoded(ASN1Encoding.BER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] der(ASN1Encodable e) {
        try {
            return e.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
