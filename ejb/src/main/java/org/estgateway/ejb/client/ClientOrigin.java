// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.client;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.estgateway.edge.TrustedProxies;
import org.estgateway.ejb.pki.CertificateDer;

/**
 * Who is at the other end of a request: the client's certificate chain (leaf first, possibly empty) and address,
 * the one source of both for EST and the admin API.
 * <ul>
 * <li>TCP peer in {@code EST_TRUSTED_PROXIES} (a TLS-terminating proxy): the certificate is only what RFC 9440
 * {@code Client-Cert} (+ {@code Client-Cert-Chain}) carries, none without it; the TLS certificate of the
 * proxy's own hop is never the client's identity. The address is the last {@code X-Forwarded-For} entry, else the
 * peer's.</li>
 * <li>Any other peer: the TLS client chain and the peer address; forwarding headers are ignored
 * ({@link Route#DIRECT_IGNORING_HEADERS}, which the caller logs).</li>
 * </ul>
 * The forwarded certificate then meets exactly the checks a TLS client certificate meets (the Authenticator's
 * on-record, issuer, revocation and latest-certificate rules; factory and API-account checks): the TLS layer
 * accepts every certificate, so all of them are made by the application anyway.
 */
public record ClientOrigin(List<CertificateDer> chain, String address, Route route) {
    /** The headers a proxy forwards, in the order the warning names them. */
    public static final List<String> FORWARDING_HEADERS = List.of(ClientCertHeader.CLIENT_CERT,
            ClientCertHeader.CLIENT_CERT_CHAIN, ForwardedFor.HEADER);

    public enum Route {
        /** Straight from the client (no forwarding header). */
        DIRECT,
        /** Through a trusted proxy. */
        PROXIED,
        /** Not from a trusted proxy, yet with forwarding headers: they were ignored. */
        DIRECT_IGNORING_HEADERS
    }

    public ClientOrigin {
        chain = List.copyOf(chain);
    }

    /**
     * @param peer the TCP peer's address ({@code getRemoteAddr()})
     * @param tlsChain the TLS client chain of this connection, asked for only when the peer is no trusted proxy
     * @param headers the field lines of a header name (empty when absent)
     * @throws org.estgateway.ejb.error.MalformedRequest a trusted proxy's header that does not parse
     */
    public static ClientOrigin resolve(TrustedProxies proxies, String peer, Supplier<List<CertificateDer>> tlsChain,
            Function<String, List<String>> headers) {
        if (proxies.trusts(peer)) {
            List<String> cert = headers.apply(ClientCertHeader.CLIENT_CERT);
            List<String> chainLines = headers.apply(ClientCertHeader.CLIENT_CERT_CHAIN);
            List<CertificateDer> chain = new ArrayList<>();
            if (!cert.isEmpty()) {
                chain.add(ClientCertHeader.certificate(cert));
                if (!chainLines.isEmpty()) {
                    chain.addAll(ClientCertHeader.chain(chainLines));
                }
            } else if (!chainLines.isEmpty()) {
                throw new org.estgateway.ejb.error.MalformedRequest(ClientCertHeader.CLIENT_CERT_CHAIN
                        + " without " + ClientCertHeader.CLIENT_CERT);
            }
            return new ClientOrigin(chain, address(proxies, peer, headers), Route.PROXIED);
        }
        return new ClientOrigin(tlsChain.get(), peer, forwardingHeaders(headers).isEmpty() ? Route.DIRECT
                : Route.DIRECT_IGNORING_HEADERS);
    }

    /** The client's address alone (for logs and incidents): as {@link #resolve}, without reading certificates. */
    public static String address(TrustedProxies proxies, String peer, Function<String, List<String>> headers) {
        if (!proxies.trusts(peer)) {
            return peer;
        }
        return ForwardedFor.lastAddress(headers.apply(ForwardedFor.HEADER)).orElse(peer);
    }

    /** The forwarding headers this request carries (names only: their values are never logged). */
    public static List<String> forwardingHeaders(Function<String, List<String>> headers) {
        return FORWARDING_HEADERS.stream().filter(h -> !headers.apply(h).isEmpty()).toList();
    }

    public boolean proxied() {
        return route == Route.PROXIED;
    }
}
