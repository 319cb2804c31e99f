// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.estgateway.ejb.TestCsrs;
import org.estgateway.ejb.error.MalformedRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class Base64BodyTest {
    private static byte[] der;
    private static String base64;

    @BeforeAll
    static void csr() {
        der = TestCsrs.csr("CN=device-1").der();
        base64 = Base64.getEncoder().encodeToString(der);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String wrap(String text, int columns, String eol) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < text.length(); i += columns) {
            b.append(text, i, Math.min(text.length(), i + columns)).append(eol);
        }
        return b.toString();
    }

    @Test
    void decodesSixtyFourColumnLinesWithLf() {
        assertArrayEquals(der, Base64Body.decode(ascii(wrap(base64, 64, "\n"))));
    }

    @Test
    void decodesSixtyFourColumnLinesWithCrLf() {
        assertArrayEquals(der, Base64Body.decode(ascii(wrap(base64, 64, "\r\n"))));
    }

    @Test
    void decodesOneLineWithoutFinalNewline() {
        assertArrayEquals(der, Base64Body.decode(ascii(base64)));
    }

    @Test
    void decodesOneLineWithFinalNewline() {
        assertArrayEquals(der, Base64Body.decode(ascii(base64 + "\n")));
    }

    @Test
    void decodesStrayCrLfAfterTheBodyAsLibestSendsIt() {
        assertArrayEquals(der, Base64Body.decode(ascii(wrap(base64, 64, "\n") + "\r\n")));
        assertArrayEquals(der, Base64Body.decode(ascii(base64 + "\r\n\r\n")));
    }

    @Test
    void ignoresSpacesAndTabs() {
        String spaced = "  " + base64.substring(0, 10) + " \t" + base64.substring(10, 70) + "\t\n "
                + base64.substring(70) + " \t";
        assertArrayEquals(der, Base64Body.decode(ascii(spaced)));
    }

    @Test
    void decodesPemArmour() {
        String pem = "-----BEGIN CERTIFICATE REQUEST-----\n" + wrap(base64, 64, "\n")
                + "-----END CERTIFICATE REQUEST-----\n";
        assertArrayEquals(der, Base64Body.decode(ascii(pem)));
    }

    @Test
    void passesRawDerThrough() {
        byte[] decoded = Base64Body.decode(der);
        assertArrayEquals(der, decoded);
        decoded[0] = 0;
        assertEquals(0x30, der[0], "decode must not hand out the caller's array");
    }

    @Test
    void refusesAnEmptyBody() {
        assertThrows(MalformedRequest.class, () -> Base64Body.decode(new byte[0]));
        assertThrows(MalformedRequest.class, () -> Base64Body.decode(null));
    }

    @Test
    void refusesAWhitespaceOnlyBody() {
        assertThrows(MalformedRequest.class, () -> Base64Body.decode(ascii(" \r\n\t\n  ")));
    }

    @Test
    void refusesNonBase64Characters() {
        MalformedRequest e = assertThrows(MalformedRequest.class,
                () -> Base64Body.decode(ascii(base64.substring(0, 20) + "*%!" + base64.substring(20))));
        assertEquals(400, e.status());
    }

    /** Javadoc of {@code encode}: LF, not CRLF, because GNU {@code base64 -d} rejects CR. */
    @Test
    void wrappedEncodingHasSixtyFourColumnLinesEachEndingInLfIncludingTheLast() {
        String text = new String(Base64Body.encode(der, Base64Body.Layout.WRAPPED), StandardCharsets.US_ASCII);
        assertFalse(text.contains("\r"), "no CR at all");
        assertTrue(text.endsWith("\n"), "the last line ends in a line break too");
        assertFalse(text.endsWith("\n\n"), "no empty line at the end");
        String[] lines = text.split("\n", -1);
        assertEquals("", lines[lines.length - 1]);
        assertTrue(lines.length > 2, "a CSR needs several lines");
        for (int i = 0; i < lines.length - 2; i++) {
            assertEquals(64, lines[i].length(), "line " + i);
        }
        String last = lines[lines.length - 2];
        assertTrue(!last.isEmpty() && last.length() <= 64, "last line has " + last.length() + " columns");
        assertEquals(base64, text.replace("\n", ""));
    }

    @Test
    void wrappedEncodingOfAMultipleOfFortyEightBytesStillEndsInOneLineBreak() {
        byte[] data = new byte[96];
        String text = new String(Base64Body.encode(data, Base64Body.Layout.WRAPPED), StandardCharsets.US_ASCII);
        assertEquals(wrap(Base64.getEncoder().encodeToString(data), 64, "\n"), text);
    }

    @Test
    void singleLineEncodingHasNoLineBreakAtAll() {
        byte[] encoded = Base64Body.encode(der, Base64Body.Layout.SINGLE_LINE);
        String text = new String(encoded, StandardCharsets.US_ASCII);
        assertFalse(text.contains("\r"));
        assertFalse(text.contains("\n"));
        assertEquals(base64, text);
    }

    @Test
    void encodedBodiesDecodeBack() {
        for (Base64Body.Layout layout : Base64Body.Layout.values()) {
            assertArrayEquals(der, Base64Body.decode(Base64Body.encode(der, layout)), layout.toString());
        }
    }

    @Test
    void layoutOfSeveralLinesIsWrapped() {
        assertEquals(Base64Body.Layout.WRAPPED, Base64Body.Layout.of(ascii(wrap(base64, 64, "\n"))));
        assertEquals(Base64Body.Layout.WRAPPED, Base64Body.Layout.of(ascii(wrap(base64, 64, "\r\n"))));
        assertEquals(Base64Body.Layout.WRAPPED, Base64Body.Layout.of(ascii(wrap(base64, 76, "\r\n"))));
    }

    @Test
    void layoutOfOneLineIsSingleLineWhateverItsTrailingNewlines() {
        assertEquals(Base64Body.Layout.SINGLE_LINE, Base64Body.Layout.of(ascii(base64)));
        assertEquals(Base64Body.Layout.SINGLE_LINE, Base64Body.Layout.of(ascii(base64 + "\n")));
        assertEquals(Base64Body.Layout.SINGLE_LINE, Base64Body.Layout.of(ascii(base64 + "\r\n\r\n")));
    }
}
