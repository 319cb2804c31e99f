// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca.rollover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class GenerationsTest {
    static Generations.CaState ca(String status, boolean subordinate, boolean hasNext) {
        return new Generations.CaState("plant", status, subordinate, 1, hasNext);
    }

    @Test
    void anActiveRootCaGetsANextKeyOnceAndIsRolledOnlyWithIt() {
        assertTrue(Generations.nextKeyRefusal(ca("ACTIVE", false, false)).isEmpty());
        assertEquals("CA 'plant' has a new key already (generation 2): POST /api/v1/cas/plant/rollover to use it",
                Generations.nextKeyRefusal(ca("ACTIVE", false, true)).orElseThrow());
        assertEquals("CA 'plant' has no new key: POST /api/v1/cas/plant/next-key first",
                Generations.rolloverRefusal(ca("ACTIVE", false, false)).orElseThrow());
        assertTrue(Generations.rolloverRefusal(ca("ACTIVE", false, true)).isEmpty());
    }

    @Test
    void pendingRetiredAndSubordinateCasAreNotRolled() {
        for (boolean next : new boolean[] {false, true}) {
            assertTrue(Generations.rolloverRefusal(ca("PENDING", false, next)).orElseThrow().contains("PENDING"));
            assertTrue(Generations.nextKeyRefusal(ca("RETIRED", false, next)).orElseThrow().contains("RETIRED"));
            String sub = Generations.rolloverRefusal(ca("ACTIVE", true, next)).orElseThrow();
            assertTrue(sub.contains("subordinate") && sub.contains("new subordinate CA under the same root"), sub);
            assertEquals(sub, Generations.nextKeyRefusal(ca("ACTIVE", true, next)).orElseThrow());
        }
    }

    @Test
    void theNextKeyLivesBesideTheCurrentOne() {
        assertEquals("pkcs12:ca/plant-g2.p12", Generations.nextLocation("plant", "pkcs12:ca/plant.p12", 2));
        assertEquals("pkcs12:ca/default-g3.p12", Generations.nextLocation("default", "pkcs12:ca/default-g2.p12", 3));
        assertEquals("pkcs11:library=/usr/lib/softhsm/libsofthsm2.so;token=est;key=ca-2026-g2",
                Generations.nextLocation("default", "pkcs11:library=/usr/lib/softhsm/libsofthsm2.so;token=est;key=ca-2026", 2));
        assertEquals("pkcs11:library=/l.so;key=ca-g3;slot=1", Generations.nextLocation("x", "pkcs11:library=/l.so;key=ca-g2;slot=1", 3),
                "an earlier -g<n> is replaced, not appended");
        assertThrows(IllegalArgumentException.class, () -> Generations.pkcs11Location("pkcs11:library=/l.so;slot=1", 2));
    }

    @Test
    void generationOneKeepsTodaysCrlUrlAndLaterOnesGetTheirNumber() {
        String base = "http://est.example:8080/crl";
        assertEquals(base, Generations.crlUrl(base, "default", true, 1));
        assertEquals(base + "/plant", Generations.crlUrl(base, "plant", false, 1));
        assertEquals(base + "/default/2", Generations.crlUrl(base, "default", true, 2));
        assertEquals(base + "/plant/3", Generations.crlUrl(base, "plant", false, 3));
    }

    @Test
    void aPreviousGenerationPublishesItsCrlUntilItsCertificateExpires() {
        Instant notAfter = Instant.parse("2030-01-01T00:00:00Z");
        assertTrue(Generations.publishesCrl(false, notAfter, notAfter.minusSeconds(1)));
        assertFalse(Generations.publishesCrl(false, notAfter, notAfter));
        assertTrue(Generations.publishesCrl(true, notAfter, notAfter.plusSeconds(1)), "the current one always");
    }
}
