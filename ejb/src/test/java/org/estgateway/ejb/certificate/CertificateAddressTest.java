// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.certificate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.estgateway.ejb.error.Conflict;
import org.estgateway.ejb.error.MalformedRequest;
import org.estgateway.ejb.error.NotFound;
import org.junit.jupiter.api.Test;

class CertificateAddressTest {
    private static final Function<String[], String> CA = row -> row[0];

    @Test
    void serialIsNormalisedAndTheCaIsOptional() {
        CertificateAddress a = CertificateAddress.of("00:1F:a0", null);
        assertEquals("1fa0", a.serial());
        assertEquals(Optional.empty(), a.ca());
        assertEquals(Optional.empty(), CertificateAddress.of("1", "  ").ca());
        assertEquals(Optional.of("second"), CertificateAddress.of("1", " second ").ca());
        assertEquals("0", CertificateAddress.of("000", null).serial());
    }

    @Test
    void aSerialThatIsNoHexIsABadRequest() {
        assertThrows(MalformedRequest.class, () -> CertificateAddress.of("xyz", null));
        assertThrows(MalformedRequest.class, () -> CertificateAddress.of("", "second"));
        assertThrows(MalformedRequest.class, () -> CertificateAddress.of("1".repeat(41), null));
    }

    @Test
    void aCaNameThatCannotExistIsNotFound() {
        NotFound e = assertThrows(NotFound.class, () -> CertificateAddress.of("1f", "Bad/Name"));
        assertEquals("no CA named 'Bad?Name'", e.getMessage());
    }

    @Test
    void theOnlyCertificateWithTheSerialIsChosen() {
        String[] only = {"second", "1f"};
        assertEquals(only, CertificateAddress.of("1f", null).choose(List.<String[]>of(only), CA));
        assertEquals(only, CertificateAddress.of("1f", "second").choose(List.<String[]>of(only), CA));
    }

    @Test
    void noneIsNotFoundNamingTheCaWhenGiven() {
        assertEquals("no certificate with serial 1f",
                assertThrows(NotFound.class, () -> CertificateAddress.of("1f", null).choose(List.of(), CA)).getMessage());
        assertEquals("no certificate with serial 1f issued by CA 'second'",
                assertThrows(NotFound.class, () -> CertificateAddress.of("1f", "second").choose(List.of(), CA)).getMessage());
    }

    @Test
    void anAmbiguousSerialIsAConflictNamingTheCas() {
        List<String[]> two = List.of(new String[] {"second", "1f"}, new String[] {"default", "1f"});
        Conflict e = assertThrows(Conflict.class, () -> CertificateAddress.of("1f", null).choose(two, CA));
        assertTrue(e.getMessage().startsWith("serial 1f exists under CAs default, second: give ?ca="), e.getMessage());
    }
}
