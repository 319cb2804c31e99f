// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CertificateExpiryTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void wholeDaysLeftRoundDown() {
        assertEquals(14, CertificateExpiry.of(NOW.plus(Duration.ofDays(14)), NOW, 14).daysLeft());
        assertEquals(13, CertificateExpiry.of(NOW.plus(Duration.ofDays(14)).minusSeconds(1), NOW, 14).daysLeft());
        assertEquals(0, CertificateExpiry.of(NOW.plusSeconds(3600), NOW, 14).daysLeft());
    }

    @Test
    void expiredIsNegative() {
        assertEquals(-1, CertificateExpiry.of(NOW.minusSeconds(3600), NOW, 0).daysLeft());
        assertEquals(-2, CertificateExpiry.of(NOW.minus(Duration.ofDays(1)).minusSeconds(1), NOW, 0).daysLeft());
        assertFalse(CertificateExpiry.of(NOW.minusSeconds(1), NOW, 0).ready());
    }

    @Test
    void readyFromTheThresholdOn() {
        assertTrue(CertificateExpiry.of(NOW.plus(Duration.ofDays(14)), NOW, 14).ready());
        assertFalse(CertificateExpiry.of(NOW.plus(Duration.ofDays(14)).minusSeconds(1), NOW, 14).ready());
        assertTrue(CertificateExpiry.of(NOW.plusSeconds(60), NOW, 0).ready());
    }

    @Test
    void thresholdFromTheEnvironment() {
        assertEquals(14, CertificateExpiry.minDays(Map.of()));
        assertEquals(14, CertificateExpiry.minDays(Map.of("EST_READY_MIN_CERT_DAYS", " ")));
        assertEquals(30, CertificateExpiry.minDays(Map.of("EST_READY_MIN_CERT_DAYS", "30")));
        assertEquals(0, CertificateExpiry.minDays(Map.of("EST_READY_MIN_CERT_DAYS", "0")));
        assertThrows(IllegalArgumentException.class, () -> CertificateExpiry.minDays(Map.of("EST_READY_MIN_CERT_DAYS", "-1")));
        assertThrows(IllegalArgumentException.class, () -> CertificateExpiry.minDays(Map.of("EST_READY_MIN_CERT_DAYS", "two weeks")));
    }
}
