// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.bouncycastle.cms.CMSSignedData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SPEC §3 wire rules, checked on the raw bytes a client sees. */
class WireRulesIT {
    static final String PASSWORD = "device-Secret-1";
    static String device;

    @BeforeAll
    static void server() {
        TestServer.awaitReady();
        device = TestServer.uniqueName("wire");
        TestServer.registerDevice(device, PASSWORD);
    }

    @Test
    void cacertsHasExactContentTypeTransferEncodingAndLength() throws Exception {
        RawHttps.Response r = RawHttps.send("GET", "/.well-known/est/cacerts",
                List.of("User-Agent: curl/7.88.1", "Accept: */*"), null, null);
        assertEquals(200, r.status());
        assertEquals("application/pkcs7-mime", r.header("Content-Type"));
        assertEquals("base64", r.header("Content-Transfer-Encoding"));
        assertEquals(r.body().length, Integer.parseInt(r.header("Content-Length")));
        CMSSignedData cms = new CMSSignedData(Base64.getMimeDecoder().decode(r.body()));
        assertEquals(1, cms.getCertificates().getMatches(null).size());
        assertEquals(0, cms.getSignerInfos().size(), "certs-only: no signers");
    }

    @Test
    void libestShapedRequestGetsWrappedBase64EndingInNewline() throws Exception {
        RawHttps.Response r = RawHttps.send("GET", "/.well-known/est/cacerts",
                List.of("User-Agent: libest 3.2.0p", "Connection: close", "Accept: */*"), null, null);
        assertEquals(200, r.status());
        String body = r.text();
        assertTrue(body.endsWith("\n"), "libest's line-mode base64 needs a final newline");
        for (String line : body.split("\n")) {
            assertTrue(line.length() <= 64, "64-column lines");
        }
        assertTrue(body.indexOf('\n') < 1024, "a newline within the first 1 KB (OpenSSL BIO_f_base64)");
    }

    @Test
    void strongSwanShapedRequestGetsSingleLineBase64() throws Exception {
        // strongSwan's pki sends neither User-Agent nor Connection and decodes one line only.
        RawHttps.Response r = RawHttps.send("GET", "/.well-known/est/cacerts", List.of(), null, null);
        assertEquals(200, r.status());
        assertFalse(r.text().contains("\n") || r.text().contains("\r"), "no line break at all");
        assertEquals(r.body().length, Integer.parseInt(r.header("Content-Length")));
        new CMSSignedData(Base64.getDecoder().decode(r.body()));
    }

    @Test
    void oddAcceptHeadersAreTolerated() throws Exception {
        for (String accept : List.of("text/plain", "application/json", "*/*; q=0.1", "garbage")) {
            RawHttps.Response r = RawHttps.send("GET", "/.well-known/est/cacerts",
                    List.of("User-Agent: t", "Accept: " + accept), null, null);
            assertEquals(200, r.status(), "Accept: " + accept);
        }
    }

    @Test
    void csrattrsAnswersCsrattrsMediaType() throws Exception {
        RawHttps.Response r = RawHttps.send("GET", "/.well-known/est/csrattrs", List.of("User-Agent: t"), null, null);
        assertEquals(200, r.status());
        assertEquals("application/csrattrs", r.header("Content-Type"));
        assertEquals("base64", r.header("Content-Transfer-Encoding"));
        assertNotNull(org.bouncycastle.asn1.ASN1Sequence.getInstance(Base64.getMimeDecoder().decode(r.body())));
    }

    static Stream<Arguments> layouts() {
        Function<byte[], String> wrappedLf = der -> Csrs.base64Wrapped(der);
        return Stream.of(
                Arguments.of("64 columns, LF", wrappedLf),
                Arguments.of("64 columns, CRLF", (Function<byte[], String>) der -> wrappedLf.apply(der).replace("\n", "\r\n")),
                Arguments.of("76 columns", (Function<byte[], String>) der -> Base64.getMimeEncoder().encodeToString(der)),
                Arguments.of("one line, no newline", (Function<byte[], String>) der -> Base64.getEncoder().encodeToString(der)),
                Arguments.of("one line and newline", (Function<byte[], String>) der -> Base64.getEncoder().encodeToString(der) + "\n"),
                Arguments.of("spaces and tabs", (Function<byte[], String>) der -> " \t" + wrappedLf.apply(der).replace("\n", " \n\t")),
                Arguments.of("PEM armour", (Function<byte[], String>) der -> "-----BEGIN CERTIFICATE REQUEST-----\n"
                        + wrappedLf.apply(der) + "-----END CERTIFICATE REQUEST-----\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void enrollAcceptsEveryBase64Layout(String name, Function<byte[], String> layout) throws Exception {
        byte[] csr = Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + device));
        RawHttps.Response r = Enroll.post("simpleenroll", layout.apply(csr).getBytes(StandardCharsets.US_ASCII), null,
                "User-Agent: t", Enroll.PKCS10, Enroll.basic(device, PASSWORD));
        assertEquals(200, r.status(), r.text());
        assertEquals("application/pkcs7-mime; smime-type=certs-only", r.header("Content-Type"));
        assertEquals("base64", r.header("Content-Transfer-Encoding"));
        assertEquals(r.body().length, Integer.parseInt(r.header("Content-Length")));
        Enroll.certificate(r).verify(TestServer.caCertificate().getPublicKey());
    }

    @Test
    void enrollAcceptsRawDerAndContentTypeParameters() throws Exception {
        byte[] csr = Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + device));
        RawHttps.Response r = Enroll.post("simpleenroll", csr, null, "User-Agent: t",
                "Content-Type: Application/PKCS10; name=req.p10", Enroll.basic(device, PASSWORD));
        assertEquals(200, r.status(), r.text());
    }

    @Test
    void libestTrailingCrlfAfterTheBodyIsHarmless() throws Exception {
        byte[] csr = Csrs.base64Wrapped(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + device))).getBytes(StandardCharsets.US_ASCII);
        byte[] withCrlf = new byte[csr.length + 2];
        System.arraycopy(csr, 0, withCrlf, 0, csr.length);
        withCrlf[csr.length] = '\r';
        withCrlf[csr.length + 1] = '\n';
        RawHttps.Response r = Enroll.post("simpleenroll", withCrlf, null, "User-Agent: libest 3.2.0p",
                "Content-Transfer-Encoding: base64", Enroll.PKCS10, "Content-Length: " + csr.length,
                Enroll.basic(device, PASSWORD));
        assertEquals(200, r.status(), r.text());
    }

    @Test
    void strongSwanShapedEnrollGetsSingleLineAnswer() throws Exception {
        byte[] csr = Base64.getEncoder().encode(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + device)));
        RawHttps.Response r = RawHttps.send("POST", "/.well-known/est/simpleenroll",
                List.of(Enroll.basic(device, PASSWORD), Enroll.PKCS10), csr, null);
        assertEquals(200, r.status(), r.text());
        assertFalse(r.text().contains("\n") || r.text().contains("\r"));
        Enroll.certificate(r);
    }

    @Test
    void every401CarriesWwwAuthenticateAndContentLength() throws Exception {
        byte[] csr = Csrs.base64Wrapped(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + device))).getBytes(StandardCharsets.US_ASCII);
        RawHttps.Response r = Enroll.post("simpleenroll", csr, null, "User-Agent: t", Enroll.PKCS10);
        assertEquals(401, r.status());
        assertTrue(r.header("WWW-Authenticate").startsWith("Basic realm=\""), r.header("WWW-Authenticate"));
        assertEquals("0", r.header("Content-Length"), "Bouncy Castle fails on an unread 401 body");
    }

    @Test
    void libestEmptyBasicHeaderOnCertificateReenrollIsIgnored() throws Exception {
        String cn = TestServer.uniqueName("libest-re");
        TestServer.registerDevice(cn, PASSWORD);
        Enroll.Credential first = Enroll.basicEnroll(cn, PASSWORD);
        byte[] csr = Csrs.base64Wrapped(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn))).getBytes(StandardCharsets.US_ASCII);
        RawHttps.Response r = Enroll.post("simplereenroll", csr, first.keyManagers(), "User-Agent: libest 3.2.0p",
                Enroll.PKCS10, "Authorization: Basic ");
        assertEquals(200, r.status(), r.text());
        assertEquals(2, TestServer.issuedCount(cn));
    }
}
