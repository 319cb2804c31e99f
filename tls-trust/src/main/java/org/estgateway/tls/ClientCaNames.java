// SPDX-License-Identifier: Apache-2.0
package org.estgateway.tls;

import java.util.Collection;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * The CA names the application wants advertised in the TLS CertificateRequest (RFC 5246 §7.4.4
 * certificate_authorities, RFC 8446 §4.2.4): manufacturer trust anchors and the issuers of preregistered
 * factory certificates, which live in PostgreSQL and change at runtime. The gateway CA comes from the trust key
 * store Elytron hands to the trust manager. Only JDK types cross this boundary, so a redeployed application
 * leaves no class loader behind.
 */
public final class ClientCaNames {
    private static volatile List<X500Principal> published = List.of();

    private ClientCaNames() {
    }

    /** Replaces the application's names; effective for the next handshake. */
    public static void publish(Collection<X500Principal> names) {
        published = List.copyOf(names);
    }

    static List<X500Principal> published() {
        return published;
    }
}
