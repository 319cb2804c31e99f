// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.policy;

import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * A certificate procedure's profile: what an issued certificate looks like, whatever the request asked
 * for. Key usage is digitalSignature, plus keyEncipherment for RSA keys (RFC 5246 RSA key exchange).
 */
public record Profile(String name, Duration validity, List<KeyPurposeId> extendedKeyUsage) {
    /** Device certificates: one year, TLS client authentication (SPEC §5). */
    public static final Profile DEVICE = new Profile("device", Duration.ofDays(365),
            List.of(KeyPurposeId.id_kp_clientAuth));

    public int keyUsageFor(String keyDescription) {
        return KeyUsage.digitalSignature | (keyDescription.startsWith("RSA") ? KeyUsage.keyEncipherment : 0);
    }
}
