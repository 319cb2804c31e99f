// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.policy;

import java.io.IOException;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.estgateway.ejb.error.MalformedRequest;

/** SPEC §5 key policy: RSA ≥ 2048 bits, EC on P-256/P-384/P-521, Ed25519. Anything else is refused (400). */
public final class KeyPolicy {
    static final int MIN_RSA_BITS = 2048;
    static final int MAX_RSA_BITS = 16384;
    private static final Map<ASN1ObjectIdentifier, String> CURVES = Map.of(
            SECObjectIdentifiers.secp256r1, "P-256",
            SECObjectIdentifiers.secp384r1, "P-384",
            SECObjectIdentifiers.secp521r1, "P-521");

    private KeyPolicy() {
    }

    /** Checks the key and returns a short description of it, e.g. "EC P-256" or "RSA 3072". */
    public static String check(SubjectPublicKeyInfo key) {
        ASN1ObjectIdentifier algorithm = key.getAlgorithm().getAlgorithm();
        if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
            int bits = rsaBits(key);
            if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
                throw new MalformedRequest("key policy: RSA key of " + bits + " bits, need 2048 to 16384");
            }
            return "RSA " + bits;
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
            ASN1ObjectIdentifier curve = key.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier oid ? oid : null;
            String name = curve == null ? null : CURVES.get(curve);
            if (name == null) {
                throw new MalformedRequest("key policy: EC keys must use named curve P-256, P-384 or P-521");
            }
            return "EC " + name;
        }
        if (EdECObjectIdentifiers.id_Ed25519.equals(algorithm)) {
            return "Ed25519";
        }
        throw new MalformedRequest("key policy: key algorithm " + algorithm.getId()
                + " not allowed (RSA, EC P-256/P-384/P-521, Ed25519)");
    }

    private static int rsaBits(SubjectPublicKeyInfo key) {
        try {
            return RSAPublicKey.getInstance(key.parsePublicKey()).getModulus().bitLength();
        } catch (IOException | RuntimeException e) {
            throw new MalformedRequest("key policy: malformed RSA public key");
        }
    }
}
