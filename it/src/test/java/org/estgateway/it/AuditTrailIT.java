// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SPEC §9 / docs/DBA.md: the audit trail cannot be rewritten, its hash chain detects tampering, DBA views work. */
class AuditTrailIT {
    @BeforeAll
    static void server() {
        TestServer.awaitReady();
    }

    static Connection db() throws SQLException {
        return DriverManager.getConnection(TestServer.DB_URL, "postgres", "postgres");
    }

    static void refusedAs(String role, String sql) throws SQLException {
        try (Connection c = db(); Statement s = c.createStatement()) {
            if (role != null) {
                s.execute("SET ROLE " + role);
            }
            SQLException e = assertThrows(SQLException.class, () -> s.execute(sql), sql);
            assertTrue(e.getMessage().contains("append-only") || e.getMessage().contains("permission denied")
                    || e.getMessage().contains("keeps its history"), e.getMessage());
        }
    }

    static long longAs(String role, String sql) throws SQLException {
        try (Connection c = db(); Statement s = c.createStatement()) {
            if (role != null) {
                s.execute("SET ROLE " + role);
            }
            try (ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static void awaitSealed() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (TestServer.queryLong("SELECT count(*) FROM audit_event WHERE chain_seq IS NULL AND occurred_at < now() - interval '1 second'") > 0) {
            assertTrue(System.nanoTime() < deadline, "the sealer seals committed rows within seconds");
            Thread.sleep(500);
        }
    }

    @Test
    void theApplicationRoleCannotRewriteTheAuditTrailAndNobodyCanThroughTheTrigger() throws Exception {
        String cn = TestServer.uniqueName("audit");
        TestServer.registerDevice(cn, "device-Secret-1");
        Enroll.basicEnroll(cn, "device-Secret-1");
        refusedAs("est_app", "UPDATE audit_event SET reason = 'rewritten' WHERE subject LIKE '%" + cn + "%'");
        refusedAs("est_app", "DELETE FROM audit_event WHERE subject LIKE '%" + cn + "%'");
        refusedAs("est_app", "TRUNCATE audit_event");
        refusedAs(null, "UPDATE audit_event SET reason = 'rewritten' WHERE subject LIKE '%" + cn + "%'");
        refusedAs(null, "DELETE FROM audit_event WHERE subject LIKE '%" + cn + "%'");
        refusedAs(null, "DELETE FROM issued_certificate WHERE subject_dn LIKE '%" + cn + "%'");
        refusedAs(null, "UPDATE issued_certificate SET subject_dn = 'CN=forged' WHERE subject_dn LIKE '%" + cn + "%'");
        assertEquals(1, TestServer.issuedCount(cn));
    }

    @Test
    void theHashChainVerifiesAndReportsTheFirstTamperedRow() throws Exception {
        Enroll.basicEnroll(registered("chain"), "device-Secret-1");
        awaitSealed();
        assertEquals(0, longAs("est_auditor", "SELECT count(*) FROM audit_verify()"), "the chain is intact");
        long victim = TestServer.queryLong("SELECT max(chain_seq) FROM audit_event WHERE chain_seq IS NOT NULL") - 1;
        try (Connection c = db(); Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica"); // a superuser bypassing the trigger, as an attacker would
            String original = TestServer.queryString("SELECT reason FROM audit_event WHERE chain_seq = ?", victim);
            s.execute("UPDATE audit_event SET reason = 'nothing to see' WHERE chain_seq = " + victim);
            try (ResultSet rs = s.executeQuery("SELECT chain_seq, problem FROM audit_verify()")) {
                assertTrue(rs.next(), "tampering is detected");
                assertEquals(victim, rs.getLong(1));
                assertTrue(rs.getString(2).contains("hash"));
            } finally {
                try (var ps = c.prepareStatement("UPDATE audit_event SET reason = ? WHERE chain_seq = " + victim)) {
                    ps.setString(1, original);
                    ps.executeUpdate();
                }
            }
        }
        assertEquals(0, longAs("est_auditor", "SELECT count(*) FROM audit_verify()"), "restored");
    }

    /** V14: a row's CA is hashed when it has one; rows without one hash as before, so the chain stays intact. */
    @Test
    void theCaOfARowIsCoveredByTheHashChain() throws Exception {
        String cn = registered("chain-ca");
        Enroll.basicEnroll("second/simpleenroll", cn, "device-Secret-1");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long withCa;
        while ((withCa = TestServer.queryLong("SELECT coalesce(max(chain_seq), 0) FROM audit_event WHERE ca = 'second' "
                + "AND subject LIKE ?", "%CN=" + cn + "%")) == 0) {
            assertTrue(System.nanoTime() < deadline, "the enrollment's row is sealed within seconds");
            Thread.sleep(500);
        }
        assertEquals(0, longAs("est_auditor", "SELECT count(*) FROM audit_verify()"), "rows with and without a CA verify");
        long withoutCa = TestServer.queryLong("SELECT max(chain_seq) FROM audit_event WHERE ca IS NULL AND chain_seq < ?",
                withCa);
        refusedAs("est_app", "UPDATE audit_event SET ca = 'default' WHERE chain_seq = " + withCa);
        assertTamperDetected(withCa, "ca = 'default'", "ca = 'second'");
        assertTamperDetected(withCa, "ca = NULL", "ca = 'second'");
        assertTamperDetected(withoutCa, "ca = 'second'", "ca = NULL");
        assertEquals(0, longAs("est_auditor", "SELECT count(*) FROM audit_verify()"), "restored");
    }

    private static void assertTamperDetected(long chainSeq, String tampered, String restored) throws Exception {
        try (Connection c = db(); Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica"); // a superuser bypassing the trigger, as an attacker would
            s.execute("UPDATE audit_event SET " + tampered + " WHERE chain_seq = " + chainSeq);
            try (ResultSet rs = s.executeQuery("SELECT chain_seq, problem FROM audit_verify()")) {
                assertTrue(rs.next(), "tampering (" + tampered + ") is detected");
                assertEquals(chainSeq, rs.getLong(1));
                assertTrue(rs.getString(2).contains("hash"));
            } finally {
                s.execute("UPDATE audit_event SET " + restored + " WHERE chain_seq = " + chainSeq);
            }
        }
    }

    @Test
    void theAuditorRoleReadsTheViewsAndNothingElse() throws Exception {
        String cn = registered("dba");
        Enroll.Credential first = Enroll.basicEnroll(cn, "device-Secret-1");
        RawHttps.Response renewed = Enroll.post("simplereenroll", Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn))),
                first.keyManagers(), Enroll.PKCS10);
        assertEquals(200, renewed.status());
        assertEquals(2, longAs("est_auditor", "SELECT count(*) FROM v_issuance_history WHERE device = '" + cn + "'"));
        assertEquals(1, longAs("est_auditor", "SELECT max(generation) FROM v_renewal_chain WHERE device = '" + cn + "'"));
        assertEquals(1, longAs("est_auditor", "SELECT count(*) FROM v_issuance_history WHERE device = '" + cn
                + "' AND renewed_from_serial = '" + first.certificate().getSerialNumber().toString(16) + "'"));
        assertTrue(longAs("est_auditor", "SELECT count(*) FROM v_refusals_by_reason") > 0);
        assertTrue(longAs("est_auditor", "SELECT count(*) FROM certificates_expiring(400) WHERE device = '" + cn + "'") == 1,
                "only the newest certificate of a renewal chain is expiring");
        assertTrue(longAs("est_auditor", "SELECT count(*) FROM audit_event") > 0);
        longAs("est_auditor", "SELECT count(*) FROM v_approval_decisions");
        longAs("est_auditor", "SELECT count(*) FROM v_revocations");
        refusedAs("est_auditor", "SELECT count(*) FROM device");
        refusedAs("est_auditor", "SELECT count(*) FROM issued_certificate");
        refusedAs("est_auditor", "SELECT count(*) FROM account");
        refusedAs("est_auditor", "INSERT INTO audit_event (event_type, outcome) VALUES ('X', 'SUCCESS')");
    }

    static String registered(String prefix) {
        String cn = TestServer.uniqueName(prefix);
        TestServer.registerDevice(cn, "device-Secret-1");
        return cn;
    }
}
