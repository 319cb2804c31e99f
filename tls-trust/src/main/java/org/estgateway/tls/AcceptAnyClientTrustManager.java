// SPDX-License-Identifier: Apache-2.0
package org.estgateway.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import javax.security.auth.x500.X500Principal;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Lets every client certificate chain through the handshake. This is safe only because JSSE still checks
 * the client's CertificateVerify (the client holds the certificate's private key) and because the
 * application verifies the chain of every certificate it relies on (gateway CA, manufacturer trust anchors,
 * validity, revocation) before using it. Server-side only: it never trusts a server.
 *
 * <p>The accepted issuers it reports become the CertificateRequest's CA names, so a client holding several
 * certificates presents the right one: the certificates of the trust key store (the gateway CA) followed by
 * the names the application publishes through {@link ClientCaNames}. Clients built on JSSE's key managers send
 * only a certificate whose chain names one of them; OpenSSL-based clients send their certificate regardless.
 */
public final class AcceptAnyClientTrustManager extends X509ExtendedTrustManager {
    private static final Logger LOG = Logger.getLogger(AcceptAnyClientTrustManager.class.getName());
    /** The CA list is a 16-bit length-prefixed vector of 16-bit length-prefixed names; JSSE drops it whole when longer. */
    static final int MAX_CA_LIST_BYTES = 0xFFFF;

    private final List<X500Principal> keyStoreNames;
    private volatile Advertised advertised = new Advertised(null, new X509Certificate[0]);

    private record Advertised(List<X500Principal> published, X509Certificate[] names) {
    }

    AcceptAnyClientTrustManager(List<X500Principal> keyStoreNames) {
        this.keyStoreNames = List.copyOf(keyStoreNames);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("empty client certificate chain");
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager does not trust servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    /** Called for every CertificateRequest; rebuilt only when the application has published new names. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        List<X500Principal> published = ClientCaNames.published();
        Advertised current = advertised;
        if (current.published() != published) {
            current = new Advertised(published, names(keyStoreNames, published));
            advertised = current;
        }
        return current.names().clone();
    }

    static X509Certificate[] names(List<X500Principal> first, List<X500Principal> then) {
        Set<X500Principal> all = new LinkedHashSet<>(first);
        all.addAll(then);
        List<X509Certificate> names = new ArrayList<>();
        int bytes = 0;
        for (X500Principal name : all) {
            bytes += 2 + name.getEncoded().length;
            if (bytes > MAX_CA_LIST_BYTES) {
                LOG.warning("TLS CertificateRequest: " + (all.size() - names.size()) + " of " + all.size()
                        + " CA names left out (the list may not exceed 65535 bytes)");
                break;
            }
            names.add(new CaName(name));
        }
        return names.toArray(new X509Certificate[0]);
    }
}
