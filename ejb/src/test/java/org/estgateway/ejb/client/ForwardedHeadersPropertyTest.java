// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.estgateway.edge.TrustedProxies;
import org.estgateway.ejb.error.MalformedRequest;
import org.estgateway.ejb.fuzz.FuzzTries;

/**
 * What a trusted proxy (or anyone pretending to be one) may put into the forwarding headers: either a
 * certificate / an address, or the 400 {@link MalformedRequest} with a short reason; never another exception.
 * And the variable's parser: a set of ranges or the one IllegalArgumentException naming the entry.
 */
@AddLifecycleHook(FuzzTries.class)
class ForwardedHeadersPropertyTest {
    static final String GOOD = ":" + Base64.getEncoder().encodeToString(ClientOriginTest.DEVICE.der()) + ":";
    static final List<String> TOKENS = List.of(":", ";", "=", ",", " ", "\"", "\\", "?1", "a", "A==", "==", "%",
            "\u0000", "\r\n", "é", GOOD, "127.0.0.1", "::1", "/", "/24", "/129", "10.0.0.0", "fd00::", "0");

    @Provide
    Arbitrary<String> mutatedClientCert() {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, GOOD.length());
        Arbitrary<String> insert = Arbitraries.oneOf(Arbitraries.of(TOKENS), Arbitraries.strings().ofMaxLength(3));
        Arbitrary<Integer> cut = Arbitraries.integers().between(0, 40);
        return Combinators.combine(at, insert, cut).as((i, s, c) ->
                GOOD.substring(0, i) + s + GOOD.substring(Math.min(GOOD.length(), i + c)));
    }

    @Provide
    Arbitrary<String> tokens() {
        return Arbitraries.oneOf(Arbitraries.of(TOKENS), Arbitraries.strings().ofMaxLength(6)).list().ofMaxSize(8)
                .map(t -> String.join("", t));
    }

    @Property(tries = 1500)
    void mutatedClientCertParsesOrIs400(@ForAll("mutatedClientCert") String value) {
        try {
            // a mutation inside the signature still parses: a different certificate, for the Authenticator to refuse
            assertTrue(ClientCertHeader.certificate(List.of(value)).der().length > 0);
        } catch (MalformedRequest e) {
            assertTrue(e.getMessage().startsWith("Client-Cert: "), e.getMessage());
        }
        try {
            ClientCertHeader.chain(List.of(value, value));
        } catch (MalformedRequest e) {
            assertTrue(e.getMessage().startsWith("Client-Cert-Chain: "), e.getMessage());
        }
    }

    @Property(tries = 1500)
    void arbitraryForwardedValuesParseOrAre400(@ForAll("tokens") String value) {
        try {
            ClientCertHeader.certificate(List.of(value));
        } catch (MalformedRequest e) {
            assertEquals(400, e.status());
        }
        try {
            String address = ForwardedFor.lastAddress(List.of(value)).orElseThrow();
            assertTrue(TrustedProxies.literal(address).isPresent(), address);
        } catch (MalformedRequest e) {
            assertEquals(400, e.status());
        }
    }

    @Property(tries = 1500)
    void trustedProxiesParseOrNameTheEntry(@ForAll("tokens") String value) {
        try {
            TrustedProxies proxies = TrustedProxies.parse(value);
            assertEquals(proxies.toString(), TrustedProxies.parse(proxies.toString().replaceAll("[\\[\\]]", "")).toString(),
                    "the canonical form parses to itself");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().startsWith("EST_TRUSTED_PROXIES: '"), e.getMessage());
        }
    }
}
