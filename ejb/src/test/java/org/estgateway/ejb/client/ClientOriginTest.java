// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.bouncycastle.asn1.x500.X500Name;
import org.estgateway.edge.TrustedProxies;
import org.estgateway.ejb.TestCa;
import org.estgateway.ejb.TestCsrs;
import org.estgateway.ejb.error.MalformedRequest;
import org.estgateway.ejb.pki.CertificateDer;
import org.junit.jupiter.api.Test;

class ClientOriginTest {
    static final TestCa CA = TestCa.create();
    static final CertificateDer DEVICE = CA.issueClient(new X500Name("CN=dev-1"), Optional.empty(),
            TestCsrs.generate(TestCsrs.KeyKind.EC_P256).getPublic());
    static final CertificateDer PROXY_HOP = CA.issueClient(new X500Name("CN=proxy"), Optional.empty(),
            TestCsrs.generate(TestCsrs.KeyKind.EC_P256).getPublic());
    static final TrustedProxies PROXIES = TrustedProxies.parse("127.0.0.2, 10.9.0.0/16");

    static String sf(CertificateDer cert) {
        return ":" + Base64.getEncoder().encodeToString(cert.der()) + ":";
    }

    static Function<String, List<String>> headers(String... nameValue) {
        Map<String, List<String>> map = new HashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            map.computeIfAbsent(nameValue[i].toLowerCase(), k -> new ArrayList<>()).add(nameValue[i + 1]);
        }
        return name -> map.getOrDefault(name.toLowerCase(), List.of());
    }

    // --- the one source of the client's certificate and address -------------------------------------------

    @Test
    void aTrustedProxyForwardsTheCertificateAndTheLastForwardedAddress() {
        ClientOrigin o = ClientOrigin.resolve(PROXIES, "127.0.0.2", () -> List.of(PROXY_HOP),
                headers("Client-Cert", sf(DEVICE), "X-Forwarded-For", "203.0.113.9, 198.51.100.7"));
        assertEquals(List.of(DEVICE), o.chain());
        assertEquals("198.51.100.7", o.address());
        assertTrue(o.proxied());
    }

    @Test
    void theProxyHopsOwnTlsCertificateIsNeverTheClients() {
        ClientOrigin o = ClientOrigin.resolve(PROXIES, "10.9.3.4", () -> {
            throw new AssertionError("the TLS chain of a trusted proxy's hop must not be read");
        }, headers("X-Forwarded-For", "192.0.2.1"));
        assertEquals(List.of(), o.chain());
        assertEquals("192.0.2.1", o.address());
    }

    @Test
    void withoutForwardedForTheProxysAddressIsTheSource() {
        assertEquals("127.0.0.2", ClientOrigin.resolve(PROXIES, "127.0.0.2", List::of, headers()).address());
    }

    @Test
    void anyoneElsesForwardingHeadersAreIgnoredAndReported() {
        ClientOrigin o = ClientOrigin.resolve(PROXIES, "127.0.0.1", () -> List.of(PROXY_HOP),
                headers("Client-Cert", sf(DEVICE), "X-Forwarded-For", "10.9.0.1"));
        assertEquals(List.of(PROXY_HOP), o.chain(), "the TLS client certificate, not the header's");
        assertEquals("127.0.0.1", o.address());
        assertEquals(ClientOrigin.Route.DIRECT_IGNORING_HEADERS, o.route());
        assertEquals(List.of("Client-Cert", "X-Forwarded-For"), ClientOrigin.forwardingHeaders(
                headers("Client-Cert", sf(DEVICE), "X-Forwarded-For", "10.9.0.1")));
        // garbage from a stranger is ignored too: it is not parsed at all
        assertEquals(ClientOrigin.Route.DIRECT_IGNORING_HEADERS, ClientOrigin.resolve(PROXIES, "127.0.0.1", List::of,
                headers("Client-Cert", "garbage", "X-Forwarded-For", "nonsense")).route());
        assertEquals(ClientOrigin.Route.DIRECT, ClientOrigin.resolve(PROXIES, "127.0.0.1", List::of, headers()).route());
    }

    @Test
    void noProxyTrustedMeansEveryHeaderIsIgnored() {
        ClientOrigin o = ClientOrigin.resolve(TrustedProxies.NONE, "127.0.0.2", List::of,
                headers("Client-Cert", sf(DEVICE)));
        assertEquals(List.of(), o.chain());
        assertFalse(o.proxied());
    }

    @Test
    void theChainFollowsTheLeaf() {
        ClientOrigin o = ClientOrigin.resolve(PROXIES, "127.0.0.2", List::of, headers("Client-Cert", sf(DEVICE),
                "Client-Cert-Chain", sf(CA.certificate())));
        assertEquals(List.of(DEVICE, CA.certificate()), o.chain());
    }

    @Test
    void aChainWithoutALeafOrABrokenHeaderOfATrustedProxyIs400() {
        assertRefused("Client-Cert-Chain without Client-Cert", () -> ClientOrigin.resolve(PROXIES, "127.0.0.2",
                List::of, headers("Client-Cert-Chain", sf(CA.certificate()))));
        assertRefused("Client-Cert: not a structured-field byte sequence", () -> ClientOrigin.resolve(PROXIES,
                "127.0.0.2", List::of, headers("Client-Cert", "garbage")));
        assertRefused("X-Forwarded-For: the last entry is not an IP address", () -> ClientOrigin.resolve(PROXIES,
                "127.0.0.2", List::of, headers("Client-Cert", sf(DEVICE), "X-Forwarded-For", "10.0.0.1, unknown")));
    }

    @Test
    void theAddressAloneNeverReadsCertificates() {
        assertEquals("192.0.2.5", ClientOrigin.address(PROXIES, "127.0.0.2",
                headers("Client-Cert", "garbage", "X-Forwarded-For", "192.0.2.5")));
        assertEquals("127.0.0.1", ClientOrigin.address(PROXIES, "127.0.0.1", headers("X-Forwarded-For", "192.0.2.5")));
    }

    // --- RFC 9440 Client-Cert ----------------------------------------------------------------------------------

    @Test
    void clientCertIsAByteSequenceWithOptionalParametersAndSpaces() {
        String b64 = Base64.getEncoder().encodeToString(DEVICE.der());
        assertEquals(DEVICE, ClientCertHeader.certificate(List.of(":" + b64 + ":")));
        assertEquals(DEVICE, ClientCertHeader.certificate(List.of("  :" + b64 + ":  ")));
        assertEquals(DEVICE, ClientCertHeader.certificate(List.of(":" + b64 + ":;a=1;b;c=\"x;y,z\";d=?0;e=:AA==:")));
        assertEquals(DEVICE, ClientCertHeader.certificate(List.of(":" + b64.replace("=", "") + ":")),
                "RFC 8941: missing padding is tolerated");
    }

    @Test
    void clientCertGarbageIsRefusedWithAShortReason() {
        String b64 = Base64.getEncoder().encodeToString(DEVICE.der());
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put(b64, "not a structured-field byte sequence");
        bad.put(":" + b64, "not a structured-field byte sequence");
        bad.put("-----BEGIN CERTIFICATE-----", "not a structured-field byte sequence");
        bad.put(":" + b64 + "%:", "not a structured-field byte sequence");
        bad.put(":" + b64 + ": extra", "unexpected text after the byte sequence");
        bad.put(":" + b64 + ":,:" + b64 + ":", "unexpected text after the byte sequence");
        bad.put(":" + b64 + ":;", "malformed parameter");
        bad.put(":" + b64 + ":;A=1", "malformed parameter");
        bad.put(":" + b64 + ":;a=\"open", "expected '\"'");
        bad.put(":=AB:", "not base64");
        bad.put("::", "not a DER certificate");
        bad.put(":" + Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.US_ASCII)) + ":", "not a DER certificate");
        byte[] trailing = java.util.Arrays.copyOf(DEVICE.der(), DEVICE.der().length + 2);
        bad.put(":" + Base64.getEncoder().encodeToString(trailing) + ":", "not a DER certificate");
        bad.forEach((value, reason) -> assertRefused("Client-Cert: " + reason,
                () -> ClientCertHeader.certificate(List.of(value))));
        assertRefused("Client-Cert: more than one header line",
                () -> ClientCertHeader.certificate(List.of(":" + b64 + ":", ":" + b64 + ":")));
    }

    @Test
    void clientCertIsBoundedBeforeItIsDecoded() {
        String huge = ":" + "A".repeat(ClientCertHeader.MAX_BASE64 + 4) + ":";
        assertRefused("Client-Cert: certificate longer than 16384 bytes", () -> ClientCertHeader.certificate(List.of(huge)));
        String endless = ":" + "A".repeat(1_000_000);
        assertRefused("Client-Cert: certificate longer than 16384 bytes", () -> ClientCertHeader.certificate(List.of(endless)));
    }

    @Test
    void clientCertChainIsAListOverAllItsLines() {
        String ca = sf(CA.certificate());
        String dev = sf(DEVICE);
        assertEquals(List.of(CA.certificate(), DEVICE), ClientCertHeader.chain(List.of(ca + " , " + dev)));
        assertEquals(List.of(CA.certificate(), DEVICE), ClientCertHeader.chain(List.of(ca, dev + ";x=1")));
        assertEquals(List.of(), ClientCertHeader.chain(List.of("")));
        assertRefused("Client-Cert-Chain: a list may not end with a comma", () -> ClientCertHeader.chain(List.of(ca + ",")));
        assertRefused("Client-Cert-Chain: expected ','", () -> ClientCertHeader.chain(List.of(ca + " " + dev)));
        assertRefused("Client-Cert-Chain: not a structured-field byte sequence", () -> ClientCertHeader.chain(List.of(ca + ",,")));
        assertRefused("Client-Cert-Chain: more than 10 certificates",
                () -> ClientCertHeader.chain(List.of(String.join(",", java.util.Collections.nCopies(11, ca)))));
    }

    // --- X-Forwarded-For -------------------------------------------------------------------------------------

    @Test
    void forwardedForIsTheLastEntryOfTheLastLine() {
        assertEquals(Optional.empty(), ForwardedFor.lastAddress(List.of()));
        assertEquals("192.0.2.1", ForwardedFor.lastAddress(List.of("192.0.2.1")).orElseThrow());
        assertEquals("192.0.2.3", ForwardedFor.lastAddress(List.of("1.1.1.1, 2.2.2.2", " 192.0.2.3 ")).orElseThrow());
        assertEquals("2001:db8:0:0:0:0:0:1", ForwardedFor.lastAddress(List.of("spoofed, 2001:DB8::1")).orElseThrow(),
                "earlier entries are whatever the client claimed: never read");
        for (String bad : List.of("", "1.2.3.4,", "unknown", "example.com", "1.2.3.4:5678", "[::1]", "1.2.3.4 5.6.7.8",
                "x".repeat(10_000))) {
            assertRefused("X-Forwarded-For: the last entry is not an IP address",
                    () -> ForwardedFor.lastAddress(List.of(bad)));
        }
    }

    // --- the throttled warning ----------------------------------------------------------------------------------

    @Test
    void aFloodOfWarningsWritesOneLinePerIntervalWithTheSuppressedCount() {
        AtomicLong now = new AtomicLong(0);
        ThrottledLog log = new ThrottledLog(Duration.ofSeconds(10), now::get);
        assertEquals(Optional.of("w"), log.offer(() -> "w"));
        for (int i = 0; i < 1000; i++) {
            now.addAndGet(Duration.ofMillis(5).toNanos());
            assertEquals(Optional.empty(), log.offer(() -> "w"));
        }
        now.set(Duration.ofSeconds(10).toNanos());
        assertEquals(Optional.of("w (1000 similar warnings suppressed since the last one)"), log.offer(() -> "w"));
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertEquals(Optional.empty(), log.offer(() -> "w"));
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        assertEquals(Optional.of("w (1 similar warning suppressed since the last one)"), log.offer(() -> "w"));
        now.addAndGet(Duration.ofSeconds(30).toNanos());
        assertEquals(Optional.of("w"), log.offer(() -> "w"));
    }

    static void assertRefused(String reasonStart, org.junit.jupiter.api.function.Executable call) {
        MalformedRequest e = assertThrows(MalformedRequest.class, call, reasonStart);
        assertTrue(e.getMessage().startsWith(reasonStart), e.getMessage() + " <> " + reasonStart);
        assertTrue(e.getMessage().length() < 100, "short: " + e.getMessage());
    }
}
