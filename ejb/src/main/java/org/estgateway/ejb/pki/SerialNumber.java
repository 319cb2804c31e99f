// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.pki;

import java.math.BigInteger;

/**
 * A certificate serial number. New ones carry 127 bits from a CSPRNG (RFC 5280 §4.1.2.2 allows 20 octets;
 * CA/B Forum asks for at least 64 random bits); always positive and at least 64 bits long.
 */
public record SerialNumber(BigInteger value) {
    public static SerialNumber random() {
        BigInteger v;
        do {
            v = new BigInteger(127, Crypto.RANDOM);
        } while (v.bitLength() < 64);
        return new SerialNumber(v);
    }

    public static SerialNumber ofHex(String hex) {
        return new SerialNumber(new BigInteger(hex, 16));
    }

    /** Lower-case hex without leading zeros: the form stored and used in the API. */
    public String hex() {
        return value.toString(16);
    }

    @Override
    public String toString() {
        return hex();
    }
}
