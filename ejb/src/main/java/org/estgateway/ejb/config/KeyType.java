// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.config;

import java.security.KeyPair;
import java.util.Locale;

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
        return org.estgateway.ejb.pki.KeyPairs.generate(this == EC_P256 ? "ec-p256" : "rsa-3072");
    }

    /** The signature algorithm for a CA key of this algorithm name ("EC" or "RSA"). */
    public static String signatureAlgorithmFor(String keyAlgorithm) {
        return keyAlgorithm.startsWith("EC") ? EC_P256.signatureAlgorithm : RSA_3072.signatureAlgorithm;
    }
}
