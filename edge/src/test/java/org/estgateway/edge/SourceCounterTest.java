// SPDX-License-Identifier: Apache-2.0
package org.estgateway.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SourceCounterTest {
    @Test
    void refusesTheConnectionBeyondTheCapOfOneSourceOnly() {
        SourceCounter<String> counter = new SourceCounter<>(2);
        assertTrue(counter.open("a"));
        assertTrue(counter.open("a"));
        assertFalse(counter.open("a"));
        assertTrue(counter.open("b"));
        assertEquals(2, counter.openOf("a"));
    }

    @Test
    void aClosedConnectionFreesItsPlaceAndForgetsIdleSources() {
        SourceCounter<String> counter = new SourceCounter<>(1);
        assertTrue(counter.open("a"));
        assertFalse(counter.open("a"));
        counter.close("a");
        assertEquals(0, counter.sources());
        assertTrue(counter.open("a"));
    }

    @Test
    void concurrentOpensNeverExceedTheCap() throws Exception {
        SourceCounter<String> counter = new SourceCounter<>(10);
        AtomicInteger admitted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 1000; i++) {
            pool.execute(() -> {
                if (counter.open("x")) {
                    admitted.incrementAndGet();
                }
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(10, admitted.get());
        assertEquals(10, counter.openOf("x"));
    }

    @Test
    void aCapBelowOneIsRefusedAndBadSettingsFallBackToTheDefault() {
        assertThrows(IllegalArgumentException.class, () -> new SourceCounter<>(0));
        assertEquals(SourceConnectionLimit.DEFAULT_MAX, SourceConnectionLimit.configuredMax(null));
        assertEquals(SourceConnectionLimit.DEFAULT_MAX, SourceConnectionLimit.configuredMax("x"));
        assertEquals(SourceConnectionLimit.DEFAULT_MAX, SourceConnectionLimit.configuredMax("-3"));
        assertEquals(7, SourceConnectionLimit.configuredMax(" 7 "));
    }
}
