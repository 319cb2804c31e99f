// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CaRegistryCheckTest {
    static final Path DIR = Path.of("/var/lib/est");
    static final String A = "a".repeat(64);
    static final String B = "b".repeat(64);
    static final RegisteredCa REGISTERED = new RegisteredCa(A, "CN=EST Gateway CA 1,O=EST Gateway", "gw1-0",
            Instant.parse("2026-05-01T10:00:00Z"));

    @Test
    void aFreshDatabaseAcceptsAnyCa() {
        assertTrue(CaRegistryCheck.refusal(DIR, Optional.of(B), Optional.empty()).isEmpty());
        assertTrue(CaRegistryCheck.refusal(DIR, Optional.empty(), Optional.empty()).isEmpty());
    }

    @Test
    void theRegisteredCaIsAccepted() {
        assertTrue(CaRegistryCheck.refusal(DIR, Optional.of(A), Optional.of(REGISTERED)).isEmpty());
        assertTrue(CaRegistryCheck.refusal(DIR, Optional.of(A.toUpperCase()), Optional.of(REGISTERED)).isEmpty());
    }

    @Test
    void anotherCaIsRefusedWithOneLineNamingBothFingerprintsAndTheFix() {
        String line = CaRegistryCheck.refusal(DIR, Optional.of(B), Optional.of(REGISTERED)).orElseThrow();
        assertFalse(line.contains("\n"), line);
        assertTrue(line.contains("SHA-256 " + B) && line.contains("SHA-256 " + A), line);
        assertTrue(line.contains("copy the data directory of the first node") && line.contains(DIR.toString()), line);
        assertTrue(line.contains("gw1-0"), line);
    }

    @Test
    void aDataDirectoryWithoutCaIsRefusedBeforeItCreatesOne() {
        String line = CaRegistryCheck.refusal(DIR, Optional.empty(), Optional.of(REGISTERED)).orElseThrow();
        assertTrue(line.contains("has no CA") && line.contains("SHA-256 " + A), line);
        assertTrue(line.contains("copy the data directory of the first node"), line);
        assertEquals(1, line.lines().count());
    }

    @Test
    void anyKeyGenerationOfTheRegisteredCaIsAcceptedAfterARollover() {
        String c = "c".repeat(64);
        RegisteredCa rolled = new RegisteredCa(B, "CN=EST Gateway CA 1,O=EST Gateway", "gw1-0",
                Instant.parse("2026-05-01T10:00:00Z"), java.util.List.of(A, B));
        assertTrue(CaRegistryCheck.refusal(DIR, Optional.of(A), Optional.of(rolled)).isEmpty(), "generation 1 in ca/ca.p12");
        assertTrue(CaRegistryCheck.refusal(DIR, Optional.of(B), Optional.of(rolled)).isEmpty(), "the current generation");
        String line = CaRegistryCheck.refusal(DIR, Optional.of(c), Optional.of(rolled)).orElseThrow();
        assertTrue(line.contains("SHA-256 " + c) && line.contains("2 key generations"), line);
    }
}
