// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
