// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.config;

import java.util.Map;

/**
 * How many enrollments run at once and how many may wait (overload shedding, web's {@code Admission}).
 * Environment: {@code EST_MAX_CONCURRENT_ENROLLMENTS} (default 4 × cores, at least 8), {@code EST_ENROLLMENT_QUEUE}
 * (default twice the limit), {@code EST_ENROLLMENT_QUEUE_MILLIS} (default 5000). Checked by the pre-start
 * bootstrap, so a wrong value stops the start with its name.
 */
public record EnrollmentLimits(int concurrent, int queue, long queueMillis) {

    public EnrollmentLimits {
        if (concurrent < 1 || queue < 0 || queueMillis < 0) {
            throw new IllegalArgumentException("enrollment limit must be at least 1, queue and wait not negative");
        }
    }

    public static EnrollmentLimits from(Map<String, String> env, int cores) {
        int concurrent = number(env, "EST_MAX_CONCURRENT_ENROLLMENTS", Math.max(8, 4 * cores), 1);
        int queue = number(env, "EST_ENROLLMENT_QUEUE", 2 * concurrent, 0);
        long wait = number(env, "EST_ENROLLMENT_QUEUE_MILLIS", 5000, 0);
        return new EnrollmentLimits(concurrent, queue, wait);
    }

    private static int number(Map<String, String> env, String name, int fallback, int min) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw new IllegalArgumentException(name + " must be an integer of at least " + min + ", not '" + v + "'");
    }
}
