// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Days until a certificate expires, and whether that is enough to be ready: {@code EST_READY_MIN_CERT_DAYS}
 * (default {@value #DEFAULT_MIN_DAYS}) whole days at least. Days are whole days left, rounded down (an hour past
 * expiry is -1).
 */
public record CertificateExpiry(Instant notAfter, long daysLeft, int minDays) {
    public static final String MIN_DAYS_VARIABLE = "EST_READY_MIN_CERT_DAYS";
    public static final int DEFAULT_MIN_DAYS = 14;

    public static CertificateExpiry of(Instant notAfter, Instant now, int minDays) {
        long days = Math.floorDiv(Duration.between(now, notAfter).getSeconds(), 86_400L);
        return new CertificateExpiry(notAfter, days, minDays);
    }

    public boolean ready() {
        return daysLeft >= minDays;
    }

    /** The threshold from the environment; a value that is not a non-negative integer is an error. */
    public static int minDays(Map<String, String> env) {
        String value = env.get(MIN_DAYS_VARIABLE);
        if (value == null || value.isBlank()) {
            return DEFAULT_MIN_DAYS;
        }
        try {
            int days = Integer.parseInt(value.trim());
            if (days >= 0) {
                return days;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(MIN_DAYS_VARIABLE + " must be a whole number of days >= 0, not '" + value + "'");
    }
}
