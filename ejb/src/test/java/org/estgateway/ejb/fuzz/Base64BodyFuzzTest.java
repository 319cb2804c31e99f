// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.estgateway.ejb.TestCsrs;
import org.estgateway.ejb.error.MalformedRequest;
import org.estgateway.ejb.pki.Base64Body;

/**
 * Base64Body.decode sees every request body before anything else: whatever arrives, it returns bytes or throws
 * MalformedRequest (a 400), never another exception (a 500). And whatever the encoder writes, it reads back.
 */
@AddLifecycleHook(FuzzTries.class)
class Base64BodyFuzzTest {
    private static final byte[] CSR = TestCsrs.csr("CN=fuzz-device").dnsName("fuzz.example").der();
    private static final String B64 = Base64.getEncoder().encodeToString(CSR);
    private static final String BEGIN = "-----BEGIN CERTIFICATE REQUEST-----";
    private static final String END = "-----END CERTIFICATE REQUEST-----";

    /** The layouts real clients send (INTEROP.md), each a starting point for mutation. */
    private static final List<byte[]> SEEDS = List.of(
            Base64Body.encode(CSR, Base64Body.Layout.WRAPPED),
            Base64Body.encode(CSR, Base64Body.Layout.SINGLE_LINE),
            ascii(wrap(B64, 64, "\r\n") + "\r\n"),
            ascii(wrap(B64, 76, "\n")),
            ascii(BEGIN + "\n" + wrap(B64, 64, "\n") + END + "\n"),
            ascii(BEGIN + "\r\n" + wrap(B64, 64, "\r\n") + END),
            ascii(" \t" + B64 + " \r\n\r\n"),
            CSR);

    /** Bytes that mean something to the decoder: line breaks, padding, armour, NUL, non-ASCII, DER prefixes. */
    private static final List<byte[]> DICTIONARY = List.of(ascii("\r\n"), ascii("\n"), ascii("\r"), ascii(" "),
            ascii("\t"), ascii("="), ascii("=="), ascii("==="), ascii("\0"), ascii(BEGIN + "\n"), ascii(END),
            ascii("-----BEGIN "), ascii("-----END "), ascii("-----"), ascii("+/"), ascii("-_"), ascii("\u000b\f"),
            "é€\uFEFF".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff, (byte) 0xfe},
            new byte[] {(byte) 0x80}, new byte[] {0x30, (byte) 0x82}, new byte[] {0x30, (byte) 0x84, 0x7f, -1, -1, -1},
            ascii("A"), ascii("AAAA"), ascii("\\n"));

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String wrap(String text, int columns, String eol) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length(); i += columns) {
            b.append(text, i, Math.min(text.length(), i + columns)).append(eol);
        }
        return b.toString();
    }

    /** The contract: bytes, or MalformedRequest. Anything else propagates and fails the property. */
    private static void decodesOrRefuses(byte[] body) {
        try {
            Base64Body.decode(body);
        } catch (MalformedRequest expected) {
            // a 400
        }
    }

    @Property(tries = 20_000)
    void randomBytesDecodeOrAreRefused(@ForAll @Size(max = 2048) byte[] body) {
        decodesOrRefuses(body);
    }

    @Property(tries = 20_000)
    void randomTextDecodesOrIsRefused(@ForAll("base64ish") String body) {
        decodesOrRefuses(body.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 20_000)
    void mutatedValidBodiesDecodeOrAreRefused(@ForAll("seeds") byte[] seed, @ForAll("mutations") List<Mutation> edits) {
        decodesOrRefuses(Mutation.applyAll(seed, edits));
    }

    @Property(tries = 5_000)
    void validDerRoundTripsInEveryLayout(@ForAll("der") byte[] der) {
        for (Base64Body.Layout layout : Base64Body.Layout.values()) {
            byte[] encoded = Base64Body.encode(der, layout);
            assertArrayEquals(der, Base64Body.decode(encoded), layout.name());
            assertArrayEquals(der, Base64Body.decode(concat(encoded, ascii("\r\n"))), layout + " + CRLF (libest)");
            String text = new String(encoded, StandardCharsets.US_ASCII);
            assertArrayEquals(der, Base64Body.decode(ascii(BEGIN + "\n" + text + "\n" + END + "\n")), layout + " in PEM");
            assertArrayEquals(der, Base64Body.decode(ascii(text.replace("\n", "\r\n"))), layout + " with CRLF");
        }
        if (der.length > 129) { // raw DER is recognised by its long-form length, as every real CSR has
            assertArrayEquals(der, Base64Body.decode(der), "raw DER");
        }
    }

    @Property(tries = 2_000)
    void csrRoundTripsInEveryLayoutAndLineWidth(@ForAll("widths") int columns, @ForAll("eols") String eol) {
        assertArrayEquals(CSR, Base64Body.decode(ascii(wrap(B64, columns, eol))));
        assertArrayEquals(CSR, Base64Body.decode(ascii(BEGIN + eol + wrap(B64, columns, eol) + END + eol)));
    }

    @Provide
    Arbitrary<byte[]> seeds() {
        return Arbitraries.of(SEEDS);
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Mutation.lists(DICTIONARY, 8);
    }

    @Provide
    Arbitrary<String> base64ish() {
        return Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \t\r\n\0é")
                .ofMaxLength(600);
    }

    @Provide
    Arbitrary<Integer> widths() {
        return Arbitraries.integers().between(1, 2 * B64.length());
    }

    @Provide
    Arbitrary<String> eols() {
        return Arbitraries.of("\n", "\r\n", "\r", " \n", "\t\r\n", "\n\n");
    }

    /** Real DER of varying shapes and lengths (short, long-form and multi-byte lengths). */
    @Provide
    Arbitrary<byte[]> der() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(3000).flatMap(bytes -> Arbitraries.bigIntegers()
                .between(BigInteger.valueOf(Long.MIN_VALUE).shiftLeft(64), BigInteger.ONE.shiftLeft(200))
                .map(n -> {
                    ASN1EncodableVector v = new ASN1EncodableVector();
                    v.add(new DEROctetString(bytes));
                    v.add(new ASN1Integer(n));
                    v.add(new DERUTF8String(new String(bytes, StandardCharsets.ISO_8859_1)));
                    try {
                        return new DERSequence(v).getEncoded(ASN1Encoding.DER);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
