// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EstMetricsTest {
    @Test
    void latencyBucketsAreUpperBoundsInclusive() {
        assertEquals(0, EstMetrics.bucket(0));
        assertEquals(0, EstMetrics.bucket(0.01));
        assertEquals(1, EstMetrics.bucket(0.0100001));
        assertEquals(6, EstMetrics.bucket(1.0));
        assertEquals(9, EstMetrics.bucket(10));
        assertEquals(EstMetrics.LE.length, EstMetrics.bucket(10.5), "+Inf");
    }

    @Test
    void eachOperationHandlerAndStatusCountsInItsOwnMeters() {
        EstMetrics metrics = new EstMetrics();
        metrics.registry = new SimpleMeterRegistry();
        for (int i = 0; i < 3; i++) {
            metrics.enrollment("simpleenroll", "h1", 200, TimeUnit.MILLISECONDS.toNanos(20));
        }
        metrics.enrollment("simpleenroll", "h1", 403, TimeUnit.MILLISECONDS.toNanos(5));
        metrics.enrollment("simplereenroll", "h2", 200, TimeUnit.MILLISECONDS.toNanos(5));
        var registry = metrics.registry;
        assertEquals(3, registry.get("est.enrollments").tags("operation", "simpleenroll", "handler", "h1", "status", "200")
                .counter().count());
        assertEquals(1, registry.get("est.enrollments").tags("status", "403").counter().count());
        assertEquals(1, registry.get("est.enrollments").tags("handler", "h2").counter().count());
        assertEquals(3, registry.get("est.enrollment").tags("operation", "simpleenroll", "status", "200").timer().count());
        assertEquals(3, registry.get("est.enrollments").counters().size());
        // per operation, cumulative: the three 20 ms and the 5 ms refusal
        assertEquals(4, registry.get("est.enrollment.latency").tags("operation", "simpleenroll", "le", "0.025")
                .functionCounter().count());
    }
}
