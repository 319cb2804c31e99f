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
            return queryLong(s, sql);
        }
    }

    static void awaitSealed() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (TestServer.queryLong("SELECT count(*) FROM audit_unsealed u JOIN audit_event e ON e.id = u.event_id"
                + " WHERE e.occurred_at < now() - interval '1 second'") > 0) {
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
        long victim = TestServer.queryLong("SELECT max(chain_seq) FROM audit_chain") - 1;
        try (Connection c = db(); Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica"); // a superuser bypassing the trigger, as an attacker would
            String original = TestServer.queryString("SELECT reason FROM v_audit_event WHERE chain_seq = ?", victim);
            long row = eventAt(victim);
            s.execute("UPDATE audit_event SET reason = 'nothing to see' WHERE id = " + row);
            try (ResultSet rs = s.executeQuery("SELECT chain_seq, problem FROM audit_verify()")) {
                assertTrue(rs.next(), "tampering is detected");
                assertEquals(victim, rs.getLong(1));
                assertTrue(rs.getString(2).contains("hash"));
            } finally {
                try (var ps = c.prepareStatement("UPDATE audit_event SET reason = ? WHERE id = " + row)) {
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
        while ((withCa = TestServer.queryLong("SELECT coalesce(max(chain_seq), 0) FROM v_audit_event WHERE ca = 'second' "
                + "AND subject LIKE ?", "%CN=" + cn + "%")) == 0) {
            assertTrue(System.nanoTime() < deadline, "the enrollment's row is sealed within seconds");
            Thread.sleep(500);
        }
        assertEquals(0, longAs("est_auditor", "SELECT count(*) FROM audit_verify()"), "rows with and without a CA verify");
        long withoutCa = TestServer.queryLong("SELECT max(chain_seq) FROM v_audit_event WHERE ca IS NULL AND chain_seq < ?",
                withCa);
        refusedAs("est_app", "UPDATE audit_event SET ca = 'default' WHERE id = " + eventAt(withCa));
        assertTamperDetected(withCa, "ca = 'default'", "ca = 'second'");
        assertTamperDetected(withCa, "ca = NULL", "ca = 'second'");
        assertTamperDetected(withoutCa, "ca = 'second'", "ca = NULL");
        assertEquals(0, longAs("est_auditor", "SELECT count(*) FROM audit_verify()"), "restored");
    }

    /**
     * V16 (issue 15): sealing appends to audit_chain and never writes an audit row a second time (V5-V15 updated every
     * row once: a second version of the row and of its index entries). Within one rolled-back transaction: three rows
     * inserted as est_app, sealed by audit_seal(), then the transaction's own table statistics.
     */
    @Test
    void sealingAppendsToTheChainAndNeverUpdatesAnAuditRow() throws Exception {
        try (Connection c = db(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SET ROLE est_app");
            String marker = TestServer.uniqueName("seal");
            s.execute("INSERT INTO audit_event (event_type, outcome, actor) SELECT 'DEVICE_CREATED', 'SUCCESS', '" + marker
                    + "' FROM generate_series(1, 3)");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (queryLong(s, "SELECT audit_seal(100000)") == 0) { // 0: the server's sealer holds the lock
                assertTrue(System.nanoTime() < deadline, "audit_seal() gets its turn");
                Thread.sleep(100);
            }
            s.execute("RESET ROLE"); // est_app cannot read the chain's tables
            assertEquals(3, queryLong(s, "SELECT count(*) FROM audit_chain a JOIN audit_event e ON e.id = a.event_id "
                    + "WHERE e.actor = '" + marker + "'"), "the three rows are chained");
            assertEquals(0, queryLong(s, "SELECT count(*) FROM audit_unsealed u JOIN audit_event e ON e.id = u.event_id "
                    + "WHERE e.actor = '" + marker + "'"), "and no longer waiting");
            assertEquals(0, queryLong(s, "SELECT n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables "
                    + "WHERE relname = 'audit_event'"), "no audit row was updated or deleted");
            assertTrue(queryLong(s, "SELECT n_tup_ins FROM pg_stat_xact_user_tables WHERE relname = 'audit_chain'") >= 3);
            c.rollback();
        }
    }

    /** V16: the chain's own table is append-only, and est_app reaches it only through audit_seal(). */
    @Test
    void theChainCannotBeWrittenExceptBySealing() throws Exception {
        refusedAs("est_app", "INSERT INTO audit_chain (chain_seq, event_id, chain_hash) VALUES (-1, -1, '\\x00')");
        refusedAs("est_app", "DELETE FROM audit_unsealed");
        refusedAs("est_app", "SELECT count(*) FROM audit_chain");
        refusedAs(null, "UPDATE audit_chain SET chain_hash = '\\x00' WHERE chain_seq = 1");
        refusedAs(null, "DELETE FROM audit_chain WHERE chain_seq = 1");
        refusedAs(null, "TRUNCATE audit_chain");
    }

    /**
     * A row slipped in past the triggers (never chained, never waiting) and a chained row removed are both reported;
     * each inside a transaction that is rolled back, so no other test sees them.
     */
    @Test
    void aRowOutsideTheChainAndAMissingRowAreReported() throws Exception {
        Enroll.basicEnroll(registered("outside"), "device-Secret-1");
        awaitSealed();
        try (Connection c = db(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SET LOCAL session_replication_role = replica"); // a superuser bypassing the triggers
            s.execute("INSERT INTO audit_event (event_type, outcome, actor) VALUES ('DEVICE_CREATED', 'SUCCESS', 'sneaked')");
            long sneaked = queryLong(s, "SELECT max(id) FROM audit_event WHERE actor = 'sneaked'");
            try (ResultSet rs = s.executeQuery("SELECT id, problem FROM audit_verify()")) {
                assertTrue(rs.next(), "the sneaked row is reported");
                assertEquals(sneaked, rs.getLong(1));
                assertEquals("audit row is neither chained nor waiting to be sealed", rs.getString(2));
            }
            c.rollback();

            long victim = TestServer.queryLong("SELECT max(chain_seq) FROM audit_chain") - 1;
            s.execute("SET LOCAL session_replication_role = replica");
            s.execute("DELETE FROM audit_event WHERE id = " + eventAt(victim));
            try (ResultSet rs = s.executeQuery("SELECT chain_seq, problem FROM audit_verify()")) {
                assertTrue(rs.next(), "the removed row is reported");
                assertEquals(victim, rs.getLong(1));
                assertEquals("the audit row of this position is missing", rs.getString(2));
            }
            c.rollback();
        }
        assertEquals(0, longAs("est_auditor", "SELECT count(*) FROM audit_verify()"), "rolled back: intact");
    }

    private static long queryLong(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void assertTamperDetected(long chainSeq, String tampered, String restored) throws Exception {
        try (Connection c = db(); Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica"); // a superuser bypassing the trigger, as an attacker would
            long row = eventAt(chainSeq);
            s.execute("UPDATE audit_event SET " + tampered + " WHERE id = " + row);
            try (ResultSet rs = s.executeQuery("SELECT chain_seq, problem FROM audit_verify()")) {
                assertTrue(rs.next(), "tampering (" + tampered + ") is detected");
                assertEquals(chainSeq, rs.getLong(1));
                assertTrue(rs.getString(2).contains("hash"));
            } finally {
                s.execute("UPDATE audit_event SET " + restored + " WHERE id = " + row);
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
        RawHttps.Response refused = Enroll.post("simpleenroll", Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn))),
                null, Enroll.PKCS10, Enroll.basic(cn, "wrong-Secret-1"));
        assertEquals(401, refused.status(), "a refusal of its own for v_refusals_by_reason");
        assertTrue(longAs("est_auditor", "SELECT count(*) FROM v_refusals_by_reason") > 0);
        assertTrue(longAs("est_auditor", "SELECT count(*) FROM certificates_expiring(400) WHERE device = '" + cn + "'") == 1,
                "only the newest certificate of a renewal chain is expiring");
        assertTrue(longAs("est_auditor", "SELECT count(*) FROM audit_event") > 0);
        assertTrue(longAs("est_auditor", "SELECT count(*) FROM v_audit_event WHERE chain_seq IS NOT NULL") > 0);
        longAs("est_auditor", "SELECT count(*) FROM audit_chain");
        longAs("est_auditor", "SELECT count(*) FROM audit_unsealed");
        longAs("est_auditor", "SELECT count(*) FROM v_approval_decisions");
        longAs("est_auditor", "SELECT count(*) FROM v_revocations");
        refusedAs("est_auditor", "SELECT count(*) FROM device");
        refusedAs("est_auditor", "SELECT count(*) FROM issued_certificate");
        refusedAs("est_auditor", "SELECT count(*) FROM account");
        refusedAs("est_auditor", "INSERT INTO audit_event (event_type, outcome) VALUES ('X', 'SUCCESS')");
    }

    /** The audit row at a chain position. */
    static long eventAt(long chainSeq) throws Exception {
        return TestServer.queryLong("SELECT event_id FROM audit_chain WHERE chain_seq = ?", chainSeq);
    }

    static String registered(String prefix) {
        String cn = TestServer.uniqueName(prefix);
        TestServer.registerDevice(cn, "device-Secret-1");
        return cn;
    }
}
