// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.config;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;
import org.estgateway.ejb.pki.Crypto;

/** Key types the built-in CA (and the TLS server key) can have: {@code EST_CA_KEY_TYPE}. */
public enum KeyType {
    EC_P256("SHA256withECDSA"),
    RSA_3072("SHA256withRSA");

    private final String signatureAlgorithm;

    KeyType(String signatureAlgorithm) {
        this.signatureAlgorithm = signatureAlgorithm;
    }

    public static KeyType parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "ec-p256", "ec", "p-256", "ecdsa" -> EC_P256;
            case "rsa-3072", "rsa" -> RSA_3072;
            default -> throw new IllegalArgumentException("EST_CA_KEY_TYPE: '" + text + "' is not ec-p256 or rsa-3072");
        };
    }

    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    public KeyPair generate() {
        try {
            KeyPairGenerator generator;
            if (this == EC_P256) {
                generator = KeyPairGenerator.getInstance("EC", Crypto.BC);
                generator.initialize(new ECGenParameterSpec("secp256r1"), Crypto.RANDOM);
            } else {
                generator = KeyPairGenerator.getInstance("RSA", Crypto.BC);
                generator.initialize(3072, Crypto.RANDOM);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + this + " key pair", e);
        }
    }

    /** The signature algorithm for a CA key of this algorithm name ("EC" or "RSA"). */
    public static String signatureAlgorithmFor(String keyAlgorithm) {
        return keyAlgorithm.startsWith("EC") ? EC_P256.signatureAlgorithm : RSA_3072.signatureAlgorithm;
    }
}
