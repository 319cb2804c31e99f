// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnrollmentLimitsTest {

    @Test
    void defaultsScaleWithTheCores() {
        assertEquals(new EnrollmentLimits(8, 16, 5000), EnrollmentLimits.from(Map.of(), 2));
        assertEquals(new EnrollmentLimits(32, 64, 5000), EnrollmentLimits.from(Map.of(), 8));
    }

    @Test
    void settingsAreTakenAndTheQueueFollowsTheLimit() {
        assertEquals(new EnrollmentLimits(3, 6, 0), EnrollmentLimits.from(
                Map.of("EST_MAX_CONCURRENT_ENROLLMENTS", " 3 ", "EST_ENROLLMENT_QUEUE_MILLIS", "0"), 2));
        assertEquals(0, EnrollmentLimits.from(Map.of("EST_ENROLLMENT_QUEUE", "0"), 2).queue());
    }

    @Test
    void wrongValuesNameTheVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnrollmentLimits.from(Map.of("EST_MAX_CONCURRENT_ENROLLMENTS", "0"), 2));
        assertTrue(e.getMessage().startsWith("EST_MAX_CONCURRENT_ENROLLMENTS must be an integer of at least 1"));
        assertThrows(IllegalArgumentException.class, () -> EnrollmentLimits.from(Map.of("EST_ENROLLMENT_QUEUE_MILLIS", "soon"), 2));
        assertThrows(IllegalArgumentException.class, () -> EnrollmentLimits.from(Map.of("EST_ENROLLMENT_QUEUE", "-1"), 2));
        assertThrows(IllegalArgumentException.class, () -> new EnrollmentLimits(1, 1, -1));
    }

    @Test
    void theEnvironmentCarriesThem() {
        assertEquals(5, EstEnvironment.from(Map.of("EST_MAX_CONCURRENT_ENROLLMENTS", "5")).enrollmentLimits().concurrent());
    }
}
