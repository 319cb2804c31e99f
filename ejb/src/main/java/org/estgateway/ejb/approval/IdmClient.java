// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.approval;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.estgateway.ejb.config.Handler;

/**
 * Mutual-TLS HTTP client for an external approval service ({@code handler.<n>.idm.*}). The PKCS#12
 * {@code idm.tls.token} holds the gateway's client key and certificate, and may hold trusted certificates
 * for the service's server certificate (otherwise the JDK's trusted CAs apply). Relative paths are resolved
 * against EST_DATA_DIR. Clients are cached per handler until the file changes.
 */
final class IdmClient {
    private static final ConcurrentHashMap<String, Cached> CLIENTS = new ConcurrentHashMap<>();

    private record Cached(long modified, HttpClient client) {
    }

    private IdmClient() {
    }

    /** POSTs the JSON; returns status and body. */
    static HttpResponse<String> post(Handler.Idm idm, Path dataDir, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(idm.requestUrl())).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return client(idm, dataDir).send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient client(Handler.Idm idm, Path dataDir) throws IOException {
        Path token = dataDir.resolve(idm.tlsToken());
        long modified = Files.getLastModifiedTime(token).toMillis();
        Cached cached = CLIENTS.get(token.toString());
        if (cached != null && cached.modified() == modified) {
            return cached.client();
        }
        HttpClient client = HttpClient.newBuilder().sslContext(sslContext(token, idm.tlsPassword().toCharArray()))
                .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
        CLIENTS.put(token.toString(), new Cached(modified, client));
        return client;
    }

    private static SSLContext sslContext(Path token, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(token)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            List<X509Certificate> trusted = new ArrayList<>();
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.isCertificateEntry(alias)) {
                    Certificate c = ks.getCertificate(alias);
                    trusted.add((X509Certificate) c);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (trusted.isEmpty()) {
                tmf.init((KeyStore) null);
            } else {
                KeyStore anchors = KeyStore.getInstance("PKCS12");
                anchors.load(null, null);
                for (int i = 0; i < trusted.size(); i++) {
                    anchors.setCertificateEntry("anchor-" + i, trusted.get(i));
                }
                tmf.init(anchors);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("idm.tls.token " + token + " cannot be used (" + e.getMessage() + ")", e);
        }
    }
}
