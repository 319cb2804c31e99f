// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca.key;

import java.security.PrivateKey;
import java.security.Provider;
import java.util.List;
import org.estgateway.ejb.pki.CertificateDer;

/**
 * An opened CA key: the private key (for a token, a handle: the key never leaves it), the provider that signs with
 * it ({@code null} for a software key, which Bouncy Castle signs with), and its certificate chain, CA first.
 */
public record CaKey(PrivateKey key, Provider provider, List<CertificateDer> chain) {
    public CaKey {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a CA key without certificate");
        }
    }

    public CertificateDer certificate() {
        return chain.get(0);
    }

    /** Whether the key is held by a token and signed with through PKCS#11. */
    public boolean inToken() {
        return provider != null;
    }
}
