// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.policy;

import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * What an issued certificate looks like, whatever the request asked for: validity, key usage, extended key
 * usage. {@code keyUsage} {@link #AUTO_KEY_USAGE} means digitalSignature, plus keyEncipherment for RSA keys
 * (RFC 5246 RSA key exchange).
 */
public record Profile(Duration validity, int keyUsage, List<KeyPurposeId> extendedKeyUsage) {
    public static final int AUTO_KEY_USAGE = -1;

    /** Device certificates: one year, TLS client authentication (SPEC §5). */
    public static final Profile DEVICE = new Profile(Duration.ofDays(365), AUTO_KEY_USAGE,
            List.of(KeyPurposeId.id_kp_clientAuth));

    public int keyUsageFor(String keyDescription) {
        if (keyUsage != AUTO_KEY_USAGE) {
            return keyUsage;
        }
        return KeyUsage.digitalSignature | (keyDescription.startsWith("RSA") ? KeyUsage.keyEncipherment : 0);
    }
}
