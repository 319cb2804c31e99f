// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of the WildFly JVM under enrollment load ("Run it as an operator would", crash safety). A server of
 * its own (port offset 800, HTTPS 9243, database est_it_crash) is killed and started again with the same
 * command: every certificate a client received is on record, no serial twice, the audit chain verifies, and a
 * pending approval is still pending.
 */
class CrashSafetyIT {
    static final String DATABASE = "est_it_crash";
    static final String PASSWORD = "crash-Secret-1";
    static OwnServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new OwnServer("crash-server", 800, OwnServer.DIRECT_PREFIX + DATABASE);
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void killMinus9UnderLoadLosesNoCertificateAndNoAuditRowAndKeepsPendingApprovals() throws Exception {
        String waiting = OwnServer.uniqueName("crash-appr");
        server.registerDevice(waiting, PASSWORD);
        assertEquals(202, server.enroll(server.client(), "approve/simpleenroll", waiting, PASSWORD).status());
        String approvalId = OwnServer.column(DATABASE, "SELECT max(id) FROM approval_request WHERE subject_dn LIKE ?",
                "%CN=" + waiting + "%").get(0);

        List<String> devices = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String cn = OwnServer.uniqueName("crash");
            server.registerDevice(cn, PASSWORD);
            devices.add(cn);
        }
        EnrollmentLoad load = new EnrollmentLoad(server.endpoint("simpleenroll"), devices, PASSWORD,
                EnrollmentLoad.OnFailure.STOP_ON_CONNECTION_FAILURE).start(Duration.ofSeconds(10));
        Thread.sleep(6000);
        server.kill();
        List<OwnServer.Answer> answers = EnrollmentLoad.answers(load.awaitEnd(Duration.ofSeconds(60)));
        long received200 = answers.stream().filter(a -> a.status() == 200).count();
        System.out.println("CrashSafetyIT: " + EnrollmentLoad.counts(answers) + " before and at the kill");
        assertTrue(received200 > 0, "load ran before the kill");

        server.start();

        EnrollmentLoad.assertEveryCertificateOnRecord(DATABASE, devices, answers);
        EnrollmentLoad.assertNoSerialTwice(DATABASE);
        // the sealer chains what committed before the kill within a tick or two of the restart
        EnrollmentLoad.assertAuditVerifies(DATABASE);
        // The sealer resumes by itself after the restart (a tick every 2 s); wait up to 60 s for it to catch up with
        // every row that committed before the kill, rather than assume it already has.
        String unsealedSql = "SELECT count(*) FROM audit_unsealed u JOIN audit_event e ON e.id = u.event_id"
                + " WHERE e.occurred_at < ?::timestamptz";
        String killedAt = OwnServer.column(DATABASE, "SELECT now()::text").get(0);
        List<String> unsealed = OwnServer.column(DATABASE, unsealedSql, killedAt);
        for (int i = 0; i < 120 && !unsealed.equals(List.of("0")); i++) {
            Thread.sleep(500);
            unsealed = OwnServer.column(DATABASE, unsealedSql, killedAt);
        }
        assertEquals(List.of("0"), unsealed, "every audit row committed before the restart is sealed by the resumed sealer");
        assertEquals(List.of("PENDING"), OwnServer.column(DATABASE, "SELECT status FROM approval_request WHERE id = ?",
                Long.parseLong(approvalId)), "the pending approval is still pending");
        assertEquals(202, server.enroll(server.client(), "approve/simpleenroll", waiting, PASSWORD).status(),
                "and its device is still told to wait");
    }
}
