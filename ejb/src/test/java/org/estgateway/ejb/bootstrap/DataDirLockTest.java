// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.estgateway.ejb.ca.CaBootstrap;
import org.estgateway.ejb.config.EstEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirLockTest {
    @TempDir
    Path dataDir;

    @Test
    void aSecondHolderWaitsUntilTheFirstReleases() throws Exception {
        List<String> told = new CopyOnWriteArrayList<>();
        CountDownLatch waiting = new CountDownLatch(1);
        ExecutorService second = Executors.newSingleThreadExecutor();
        try (DataDirLock first = DataDirLock.acquire(dataDir, Duration.ofSeconds(5), told::add)) {
            Future<Long> acquiredAt = second.submit(() -> {
                try (DataDirLock l = DataDirLock.acquire(dataDir, Duration.ofSeconds(30), m -> {
                    told.add(m);
                    waiting.countDown();
                })) {
                    return System.nanoTime();
                }
            });
            assertTrue(waiting.await(10, TimeUnit.SECONDS), "the second did not report waiting");
            Thread.sleep(300);
            long released = System.nanoTime();
            first.close();
            assertTrue(acquiredAt.get(10, TimeUnit.SECONDS) >= released, "acquired while the first held it");
        } finally {
            second.shutdownNow();
        }
        assertEquals(1, told.size(), told.toString());
        assertTrue(told.get(0).contains(".bootstrap.lock"), told.toString());
    }

    @Test
    void aLockHeldTooLongFailsWithAClearMessage() throws Exception {
        try (DataDirLock held = DataDirLock.acquire(dataDir, Duration.ofSeconds(5), m -> { })) {
            ExecutorService other = Executors.newSingleThreadExecutor();
            try {
                Future<?> f = other.submit(() -> {
                    DataDirLock.acquire(dataDir, Duration.ofMillis(500), m -> { }).close();
                    return null;
                });
                Exception e = assertThrows(Exception.class, () -> f.get(10, TimeUnit.SECONDS));
                assertTrue(e.getCause() instanceof IOException && e.getCause().getMessage().contains("for more than"), e.toString());
            } finally {
                other.shutdownNow();
            }
        }
    }

    /** Nodes sharing an empty data directory, set up at the same moment: one password, one CA, one TLS key. */
    @Test
    void concurrentFirstStartsUnderTheLockCreateExactlyOneCa() throws Exception {
        Map<String, String> vars = new HashMap<>(Map.of("EST_DATA_DIR", dataDir.toString(), "EST_HOSTNAMES", "localhost"));
        EstEnvironment env = EstEnvironment.from(vars);
        int nodes = 4;
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> cas = new ArrayList<>();
        try {
            for (int i = 0; i < nodes; i++) {
                cas.add(pool.submit(() -> {
                    start.await();
                    try (DataDirLock l = DataDirLock.acquire(dataDir, Duration.ofSeconds(60), m -> { })) {
                        CaBootstrap bootstrap = new CaBootstrap(env);
                        bootstrap.run();
                        return bootstrap.caCertificate().sha256().hex();
                    }
                }));
            }
            start.countDown();
            Set<String> distinct = new HashSet<>();
            for (Future<String> f : cas) {
                distinct.add(f.get(120, TimeUnit.SECONDS));
            }
            assertEquals(1, distinct.size(), distinct.toString());
        } finally {
            pool.shutdownNow();
        }
        String password = Files.readString(env.keystorePasswordFile()).strip();
        assertTrue(password.length() >= 32, "password file incomplete");
        try (var files = Files.list(dataDir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".tmp-")), "temporary files left behind");
        }
    }
}
