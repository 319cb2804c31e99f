// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parallel requests on one row never fail on each other: no OptimisticLockException and no unique violation
 * reaches a client as a 500.
 */
class ConcurrentRequestsIT {
    static final String PASSWORD = "device-Secret-1";

    @BeforeAll
    static void server() {
        TestServer.awaitReady();
    }

    /** Runs the calls at once (released together by a latch); returns how often each status came back. */
    static Map<Integer, Integer> statuses(int n, Callable<Integer> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            Map<Integer, Integer> counts = new TreeMap<>();
            for (Future<Integer> f : results) {
                counts.merge(f.get(), 1, Integer::sum);
            }
            return counts;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void oneWrongPasswordThenEightParallelEnrollmentsOfTheDeviceAllSucceed() throws Exception {
        String cn = TestServer.uniqueName("par-enroll");
        TestServer.registerDevice(cn, PASSWORD);
        assertEquals(401, DeviceAdministrationIT.enroll(cn, "wrong-password-1"));
        assertEquals(1, TestServer.queryLong("SELECT failed_attempts FROM device WHERE common_name = ?", cn));

        assertEquals(Map.of(200, 8), statuses(8, () -> DeviceAdministrationIT.enroll(cn, PASSWORD)));
        assertEquals(8, TestServer.issuedCount(cn));
        assertEquals(0, TestServer.queryLong("SELECT failed_attempts FROM device WHERE common_name = ?", cn));
    }

    @Test
    void tenParallelCreatesOfOneDeviceGiveOne201AndNine409() throws Exception {
        String cn = TestServer.uniqueName("par-create");
        String json = "{\"commonName\":\"" + cn + "\",\"password\":\"" + PASSWORD + "\"}";
        assertEquals(Map.of(201, 1, 409, 9), statuses(10, () -> TestServer.adminPost("/api/v1/devices", json).statusCode()));
        assertEquals(1, TestServer.queryLong("SELECT count(*) FROM device WHERE common_name = ?", cn));
    }

    @Test
    void tenParallelCreatesOfOneAccountGiveOne201AndNine409() throws Exception {
        String name = TestServer.uniqueName("par-acct");
        String json = "{\"username\":\"" + name + "\",\"password\":\"account-Secret-1\",\"role\":\"auditor\"}";
        assertEquals(Map.of(201, 1, 409, 9), statuses(10, () -> TestServer.adminPost("/api/v1/accounts", json).statusCode()));
    }

    @Test
    void oneWrongAccountPasswordThenEightParallelCallsAllSucceed() throws Exception {
        String name = TestServer.uniqueName("par-login");
        assertEquals(201, TestServer.adminPost("/api/v1/accounts", "{\"username\":\"" + name
                + "\",\"password\":\"account-Secret-1\",\"role\":\"auditor\"}").statusCode());
        assertEquals(401, get(name, "wrong-Secret-1").statusCode());
        assertEquals(1, TestServer.queryLong("SELECT failed_attempts FROM account WHERE username = ?", name));

        assertEquals(Map.of(200, 8), statuses(8, () -> get(name, "account-Secret-1").statusCode()));
        assertEquals(0, TestServer.queryLong("SELECT failed_attempts FROM account WHERE username = ?", name));
    }

    static HttpResponse<String> get(String user, String password) throws Exception {
        return DeviceAdministrationIT.call("GET", "/api/v1/devices?limit=1", null, null, user, password);
    }
}
