// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.estgateway.ejb.pki.Crypto;
import org.estgateway.ejb.pki.Pkcs10Request;

/**
 * Builds PKCS#10 requests for tests, with the application's Bouncy Castle provider instance. Key pairs are
 * generated once per type and reused (RSA generation is slow).
 */
public final class TestCsrs {
    /** Key types a client might use; some are allowed by the key policy, some are not. */
    public enum KeyKind {
        RSA_1024, RSA_2048, EC_P256, EC_P384, EC_P521, SECP256K1, ED25519, ED448
    }

    private static final Map<KeyKind, KeyPair> KEYS = new EnumMap<>(KeyKind.class);

    private TestCsrs() {
    }

    /** A CSR builder with an EC P-256 key and an empty subject. */
    public static Builder csr() {
        return new Builder();
    }

    /** A CSR builder for the given subject, e.g. {@code "CN=device-1,O=Example"}. */
    public static Builder csr(String subject) {
        return new Builder().subject(subject);
    }

    /** A key pair of the given kind, shared between tests. */
    public static synchronized KeyPair keyPair(KeyKind kind) {
        return KEYS.computeIfAbsent(kind, TestCsrs::generate);
    }

    /** A fresh key pair of the given kind (when a test needs a key no other test uses). */
    public static KeyPair generate(KeyKind kind) {
        try {
            KeyPairGenerator generator;
            switch (kind) {
                case RSA_1024, RSA_2048 -> {
                    generator = KeyPairGenerator.getInstance("RSA", Crypto.BC);
                    generator.initialize(kind == KeyKind.RSA_1024 ? 1024 : 2048, Crypto.RANDOM);
                }
                case EC_P256, EC_P384, EC_P521, SECP256K1 -> {
                    generator = KeyPairGenerator.getInstance("EC", Crypto.BC);
                    generator.initialize(new ECGenParameterSpec(curve(kind)), Crypto.RANDOM);
                }
                case ED25519 -> generator = KeyPairGenerator.getInstance("Ed25519", Crypto.BC);
                case ED448 -> generator = KeyPairGenerator.getInstance("Ed448", Crypto.BC);
                default -> throw new IllegalArgumentException(kind.toString());
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate " + kind, e);
        }
    }

    private static String curve(KeyKind kind) {
        return switch (kind) {
            case EC_P256 -> "secp256r1";
            case EC_P384 -> "secp384r1";
            case EC_P521 -> "secp521r1";
            case SECP256K1 -> "secp256k1";
            default -> throw new IllegalArgumentException(kind.toString());
        };
    }

    static String signatureAlgorithm(KeyKind kind) {
        return switch (kind) {
            case RSA_1024, RSA_2048 -> "SHA256withRSA";
            case EC_P256, SECP256K1 -> "SHA256withECDSA";
            case EC_P384 -> "SHA384withECDSA";
            case EC_P521 -> "SHA512withECDSA";
            case ED25519 -> "Ed25519";
            case ED448 -> "Ed448";
        };
    }

    /**
     * The same request with one bit of its signature flipped: still well-formed DER, but the signature no
     * longer verifies.
     */
    public static byte[] withBrokenSignature(byte[] csrDer) {
        ASN1Sequence csr = ASN1Sequence.getInstance(csrDer);
        byte[] signature = ASN1BitString.getInstance(csr.getObjectAt(2)).getOctets();
        signature[signature.length - 1] ^= 0x01;
        try {
            return new DERSequence(new ASN1Encodable[] {csr.getObjectAt(0), csr.getObjectAt(1),
                    new DERBitString(signature)}).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fluent builder; {@link #der()} signs the request. */
    public static final class Builder {
        private X500Name subject = new X500Name(new RDN[0]);
        private KeyKind keyKind = KeyKind.EC_P256;
        private KeyPair keyPair;
        private final List<GeneralName> sans = new ArrayList<>();
        private final List<ASN1ObjectIdentifier> attributeTypes = new ArrayList<>();
        private final List<ASN1Encodable> attributeValues = new ArrayList<>();

        public Builder subject(String name) {
            this.subject = new X500Name(name);
            return this;
        }

        public Builder subject(X500Name name) {
            this.subject = name;
            return this;
        }

        public Builder key(KeyKind kind) {
            this.keyKind = kind;
            this.keyPair = null;
            return this;
        }

        /** Signs with this key pair (its kind must still be given for the signature algorithm). */
        public Builder keyPair(KeyKind kind, KeyPair pair) {
            this.keyKind = kind;
            this.keyPair = pair;
            return this;
        }

        public Builder dnsName(String name) {
            sans.add(new GeneralName(GeneralName.dNSName, name));
            return this;
        }

        public Builder ipAddress(String address) {
            sans.add(new GeneralName(GeneralName.iPAddress, address));
            return this;
        }

        public Builder email(String address) {
            sans.add(new GeneralName(GeneralName.rfc822Name, address));
            return this;
        }

        public Builder san(GeneralName name) {
            sans.add(name);
            return this;
        }

        public Builder challengePassword(String password) {
            return attribute(PKCSObjectIdentifiers.pkcs_9_at_challengePassword, new DERUTF8String(password));
        }

        public Builder unstructuredName(String name) {
            return attribute(PKCSObjectIdentifiers.pkcs_9_at_unstructuredName, new DERUTF8String(name));
        }

        public Builder unstructuredAddress(String address) {
            return attribute(PKCSObjectIdentifiers.pkcs_9_at_unstructuredAddress, new DERPrintableString(address));
        }

        public Builder attribute(ASN1ObjectIdentifier type, ASN1Encodable value) {
            attributeTypes.add(type);
            attributeValues.add(value);
            return this;
        }

        public KeyPair keyPair() {
            return keyPair != null ? keyPair : TestCsrs.keyPair(keyKind);
        }

        /** The signed request, DER. Signs anew on every call (ECDSA signatures differ each time). */
        public byte[] der() {
            KeyPair pair = keyPair();
            JcaPKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(subject,
                    pair.getPublic());
            try {
                if (!sans.isEmpty()) {
                    ExtensionsGenerator extensions = new ExtensionsGenerator();
                    extensions.addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(sans.toArray(GeneralName[]::new)));
                    builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
                }
                for (int i = 0; i < attributeTypes.size(); i++) {
                    builder.addAttribute(attributeTypes.get(i), attributeValues.get(i));
                }
                return builder.build(new JcaContentSignerBuilder(signatureAlgorithm(keyKind)).setProvider(Crypto.BC)
                        .build(pair.getPrivate())).getEncoded();
            } catch (IOException | OperatorCreationException e) {
                throw new IllegalStateException("cannot build CSR", e);
            }
        }

        /** The signed request, DER, with a broken signature. */
        public byte[] brokenDer() {
            return withBrokenSignature(der());
        }

        /** The request as the application parses it. */
        public Pkcs10Request request() {
            return Pkcs10Request.fromDer(der());
        }

        /** The request with a broken signature, as the application parses it. */
        public Pkcs10Request brokenRequest() {
            return Pkcs10Request.fromDer(brokenDer());
        }
    }
}
