// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * API accounts lock after repeated wrong passwords as devices do (5 failures), are unlocked by an administrator,
 * and a refusal of a locked or unknown name, device or account, looks and costs like a wrong password.
 */
class AccountLockoutIT {
    static final String PASSWORD = "account-Secret-1";
    static final String DEVICE_PASSWORD = "device-Secret-1";

    @BeforeAll
    static void server() {
        TestServer.awaitReady();
    }

    static String createAccount(String role) {
        String name = TestServer.uniqueName("lock-" + role);
        HttpResponse<String> r = TestServer.adminPost("/api/v1/accounts", "{\"username\":\"" + name
                + "\",\"password\":\"" + PASSWORD + "\",\"role\":\"" + role + "\"}");
        assertEquals(201, r.statusCode(), r.body());
        return name;
    }

    static HttpResponse<String> get(String user, String password) throws Exception {
        return DeviceAdministrationIT.call("GET", "/api/v1/devices?limit=1", null, null, user, password);
    }

    static String accountJson(String name) throws Exception {
        String list = DeviceAdministrationIT.admin("GET", "/api/v1/accounts", null).body();
        int at = list.indexOf("\"username\":\"" + name + "\"");
        assertTrue(at > 0, list);
        return list.substring(list.lastIndexOf('{', at), list.indexOf('}', at) + 1);
    }

    static void lock(String name) throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals(401, get(name, "wrong-Secret-" + i).statusCode());
        }
    }

    @Test
    void fiveWrongPasswordsLockAnAccountUntilAnAdministratorUnlocksIt() throws Exception {
        String name = createAccount("admin");
        HttpResponse<String> wrong = get(name, "wrong-Secret-x");
        assertEquals(200, get(name, PASSWORD).statusCode(), "a success clears the count");
        lock(name);
        HttpResponse<String> locked = get(name, PASSWORD);
        assertEquals(401, locked.statusCode(), "locked: even the right password is refused");
        assertEquals(wrong.body(), locked.body(), "a locked account answers like a wrong password");
        assertEquals(wrong.headers().firstValue("WWW-Authenticate"), locked.headers().firstValue("WWW-Authenticate"));

        String view = accountJson(name);
        assertTrue(view.contains("\"locked\":true") && view.contains("\"failedAttempts\":5"), view);
        assertEquals(1, TestServer.queryLong(
                "SELECT count(*) FROM audit_event WHERE event_type = 'ACCOUNT_LOCKED' AND subject = ?", name));
        assertTrue(TestServer.queryLong("SELECT count(*) FROM audit_event WHERE event_type = 'LOGIN_FAILED' AND actor = ?",
                name) >= 7);
        assertEquals(1, TestServer.queryLong("SELECT count(*) FROM audit_event WHERE event_type = 'LOGIN_FAILED' "
                + "AND actor = ? AND reason LIKE 'account is locked%'", name));

        HttpResponse<String> unlocked = DeviceAdministrationIT.admin("POST", "/api/v1/accounts/" + name + "/unlock", null);
        assertEquals(200, unlocked.statusCode(), unlocked.body());
        assertTrue(unlocked.body().contains("\"locked\":false") && unlocked.body().contains("\"failedAttempts\":0"),
                unlocked.body());
        assertEquals(200, get(name, PASSWORD).statusCode());
        assertEquals(1, TestServer.queryLong(
                "SELECT count(*) FROM audit_event WHERE event_type = 'ACCOUNT_UNLOCKED' AND subject = ?", name));
    }

    @Test
    void aLockedAdministratorDoesNotLockOutTheOthersAndAPasswordChangeUnlocks() throws Exception {
        String locked = createAccount("admin");
        lock(locked);
        assertEquals(401, get(locked, PASSWORD).statusCode());
        assertEquals(200, DeviceAdministrationIT.admin("POST", "/api/v1/accounts/" + locked,
                "{\"password\":\"account-Secret-2\"}").statusCode());
        assertEquals(200, get(locked, "account-Secret-2").statusCode());
    }

    @Test
    void unlockNeedsTheAdminRoleAndAnExistingAccount() throws Exception {
        String auditor = createAccount("auditor");
        assertEquals(403, DeviceAdministrationIT.call("POST", "/api/v1/accounts/" + auditor + "/unlock", null, null,
                auditor, PASSWORD).statusCode());
        assertEquals(404, DeviceAdministrationIT.admin("POST", "/api/v1/accounts/no-such-account-x/unlock", null)
                .statusCode());
    }

    @Test
    void unknownAndLockedAccountsAnswerLikeAWrongPasswordAndTakeAsLong() throws Exception {
        String wrongName = createAccount("auditor");
        String lockedName = createAccount("auditor");
        lock(lockedName);
        List<Long> wrong = new ArrayList<>();
        List<Long> locked = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        String wrongBody = null;
        for (int i = 0; i < 8; i++) {
            if (i % 4 == 0) { // stay below the lock: wrong passwords must stay wrong passwords
                DeviceAdministrationIT.admin("POST", "/api/v1/accounts/" + wrongName + "/unlock", null);
            }
            long t0 = System.nanoTime();
            HttpResponse<String> w = get(wrongName, "wrong-Secret-" + i);
            wrong.add(System.nanoTime() - t0);
            t0 = System.nanoTime();
            HttpResponse<String> l = get(lockedName, PASSWORD);
            locked.add(System.nanoTime() - t0);
            t0 = System.nanoTime();
            HttpResponse<String> u = get("no-such-" + TestServer.uniqueName("acct"), PASSWORD);
            unknown.add(System.nanoTime() - t0);
            assertEquals(401, w.statusCode());
            assertEquals(401, l.statusCode());
            assertEquals(401, u.statusCode());
            assertEquals(w.body(), l.body());
            assertEquals(w.body(), u.body());
            wrongBody = w.body();
        }
        assertRatio(wrong, locked, "locked account", wrongBody);
        assertRatio(wrong, unknown, "unknown account", wrongBody);
    }

    @Test
    void unknownAndLockedDevicesAnswerLikeAWrongPasswordAndTakeAsLong() throws Exception {
        String wrongCn = TestServer.uniqueName("tw");
        String lockedCn = TestServer.uniqueName("tl");
        TestServer.registerDevice(wrongCn, DEVICE_PASSWORD);
        TestServer.registerDevice(lockedCn, DEVICE_PASSWORD);
        for (int i = 0; i < 5; i++) {
            assertEquals(401, DeviceAdministrationIT.enroll(lockedCn, "wrong-password-" + i));
        }
        long wrongId = DeviceAdministrationIT.idOf(wrongCn);
        List<Long> wrong = new ArrayList<>();
        List<Long> locked = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            if (i % 4 == 0) {
                DeviceAdministrationIT.admin("POST", "/api/v1/devices/" + wrongId + "/unlock", null);
            }
            RawHttps.Response[] r = new RawHttps.Response[3];
            long t0 = System.nanoTime();
            r[0] = enroll(wrongCn, "wrong-password-" + i);
            wrong.add(System.nanoTime() - t0);
            t0 = System.nanoTime();
            r[1] = enroll(lockedCn, DEVICE_PASSWORD);
            locked.add(System.nanoTime() - t0);
            t0 = System.nanoTime();
            r[2] = enroll(TestServer.uniqueName("nodev"), DEVICE_PASSWORD);
            unknown.add(System.nanoTime() - t0);
            for (RawHttps.Response x : r) {
                assertEquals(401, x.status(), x.text());
                assertEquals(r[0].text(), x.text(), "same body as a wrong password");
            }
        }
        assertRatio(wrong, locked, "locked device", null);
        assertRatio(wrong, unknown, "unknown device", null);
    }

    static RawHttps.Response enroll(String cn, String password) throws Exception {
        return Enroll.post("simpleenroll", Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn))), null,
                Enroll.PKCS10, Enroll.basic(cn, password));
    }

    /** Coarse on purpose (a shared machine): the refusal must do the PBKDF2 work, not match it to the millisecond. */
    static void assertRatio(List<Long> wrong, List<Long> other, String what, String body) {
        long w = median(wrong);
        long o = median(other);
        assertTrue(o >= w / 2, what + ": median " + o / 1_000_000 + " ms < half of wrong password's "
                + w / 1_000_000 + " ms " + (body == null ? "" : body));
    }

    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
