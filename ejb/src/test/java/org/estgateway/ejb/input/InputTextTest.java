// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.estgateway.ejb.error.MalformedRequest;
import org.junit.jupiter.api.Test;

class InputTextTest {
    @Test
    void plainTextPassesIncludingNonAsciiAndSupplementaryCharacters() {
        assertNull(InputText.problem("dev-1 Zürich 设备 \uD83D\uDE00", 64));
        assertEquals("dev1", InputText.require("commonName", "dev1", 64));
        assertNull(InputText.require("commonName", null, 64));
    }

    @Test
    void nulControlCharactersAndLineBreaksAreRefused() {
        for (String bad : new String[] {"a\u0000b", "a\nb", "a\rb", "\u001b[31m", "a\u007fb", "a\u0085b", "a\u2028b", "\t"}) {
            assertEquals("contains a control character", InputText.problem(bad, 64), bad);
        }
    }

    @Test
    void pemTextMayHoldLineBreaksAndTabsOnly() {
        assertNull(InputText.problemInLines("-----BEGIN X-----\r\nAB\tC\n", 64));
        assertEquals("contains a control character", InputText.problemInLines("a\u0000", 64));
    }

    @Test
    void unpairedSurrogatesAreRefusedAsNotUtf8() {
        assertEquals("is not valid UTF-8 text", InputText.problem("a\uD800b", 64));
        assertEquals("is not valid UTF-8 text", InputText.problem("\uDC00", 64));
        assertEquals("is not valid UTF-8 text", InputText.problem("a\uD800", 64));
    }

    @Test
    void lengthIsBoundedAndTheRefusalNamesTheField() {
        assertNull(InputText.problem("x".repeat(64), 64));
        MalformedRequest e = assertThrows(MalformedRequest.class, () -> InputText.require("name", "x".repeat(65), 64));
        assertEquals("name is longer than 64 characters", e.getMessage());
        assertFalse(InputText.plain("x".repeat(65), 64));
        assertTrue(InputText.plain(null, 1));
    }

    @Property(tries = 3000)
    void aStringIsPlainExactlyWhenItsUtf8RoundTripKeepsItAndItHasNoControlCharacter(@ForAll String s) {
        boolean roundTrips = new String(s.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.UTF_8).equals(s);
        boolean noControl = s.chars().noneMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029);
        assertEquals(roundTrips && noControl, InputText.plain(s, Integer.MAX_VALUE), s);
    }
}
