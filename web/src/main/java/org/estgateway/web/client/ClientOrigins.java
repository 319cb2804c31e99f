// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.client;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.http.HttpServletRequest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Logger;
import org.estgateway.edge.TrustedProxies;
import org.estgateway.ejb.client.ClientOrigin;
import org.estgateway.ejb.client.ThrottledLog;
import org.estgateway.ejb.config.EstEnvironment;
import org.estgateway.ejb.pki.CertificateDer;

/**
 * The one place that says who a request's client is, for EST ({@code RequestCredentials}), the admin API
 * ({@code ApiAuthFilter}), the request log and incidents: its certificate chain and address, from the TLS
 * connection or, behind a TLS-terminating proxy in {@code EST_TRUSTED_PROXIES}, from RFC 9440
 * {@code Client-Cert} and {@code X-Forwarded-For} ({@link ClientOrigin}). Forwarding headers from anyone else
 * are ignored and reported in a WARN line, at most one per 10 s with the count of those suppressed (a flood
 * cannot fill the log), naming the headers and the peer, never their values.
 */
@ApplicationScoped
public class ClientOrigins {
    static final String TLS_CHAIN = "jakarta.servlet.request.X509Certificate";
    static final String ORIGIN = "est.client.origin";
    static final String WARNED = "est.client.forwarding-warned";
    private static final Logger LOG = Logger.getLogger(ClientOrigins.class.getName());

    private TrustedProxies proxies = TrustedProxies.NONE;
    private final ThrottledLog ignored = new ThrottledLog(Duration.ofSeconds(10));

    @PostConstruct
    void init() {
        proxies = EstEnvironment.fromSystem().trustedProxies(); // checked by the bootstrap before WildFly started
        LOG.info(() -> proxies.isEmpty() ? "trusted proxies: none (Client-Cert and X-Forwarded-For are ignored)"
                : "trusted proxies: " + proxies + " (Client-Cert and X-Forwarded-For believed from these only)");
    }

    /**
     * The client of this request, resolved once per request.
     *
     * @throws org.estgateway.ejb.error.MalformedRequest a trusted proxy's Client-Cert or X-Forwarded-For
     *         that does not parse (400)
     */
    public ClientOrigin of(HttpServletRequest http) {
        if (http.getAttribute(ORIGIN) instanceof ClientOrigin known) {
            return known;
        }
        ClientOrigin origin = ClientOrigin.resolve(proxies, http.getRemoteAddr(), () -> tlsChain(http), headers(http));
        if (origin.route() == ClientOrigin.Route.DIRECT_IGNORING_HEADERS) {
            warnIgnored(http);
        }
        http.setAttribute(ORIGIN, origin);
        return origin;
    }

    /** The client's address for logs, audit rows of failures and incidents; never fails (falls back to the peer). */
    public String address(HttpServletRequest http) {
        if (http.getAttribute(ORIGIN) instanceof ClientOrigin known) {
            return known.address();
        }
        String peer = http.getRemoteAddr();
        try {
            if (!proxies.trusts(peer) && !ClientOrigin.forwardingHeaders(headers(http)).isEmpty()) {
                warnIgnored(http);
            }
            return ClientOrigin.address(proxies, peer, headers(http));
        } catch (RuntimeException e) {
            return peer; // a trusted proxy's unreadable X-Forwarded-For: the request itself is refused with 400
        }
    }

    private void warnIgnored(HttpServletRequest http) {
        if (http.getAttribute(WARNED) != null) {
            return;
        }
        http.setAttribute(WARNED, Boolean.TRUE);
        ignored.offer(() -> "forwarding header(s) " + String.join(", ", ClientOrigin.forwardingHeaders(headers(http)))
                + " from " + http.getRemoteAddr() + " ignored: not a trusted proxy (EST_TRUSTED_PROXIES); the TLS "
                + "client certificate and the peer address are used").ifPresent(LOG::warning);
    }

    private static Function<String, List<String>> headers(HttpServletRequest http) {
        return name -> {
            var values = http.getHeaders(name);
            return values == null ? List.of() : Collections.list(values);
        };
    }

    private static List<CertificateDer> tlsChain(HttpServletRequest http) {
        X509Certificate[] chain = (X509Certificate[]) http.getAttribute(TLS_CHAIN);
        return chain == null ? List.of() : Arrays.stream(chain).map(CertificateDer::of).toList();
    }
}
