// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.estgateway.it.MigratedDatabase.query;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The audit hash chain in its own table (V16, issue 15), on databases of its own with the migrations applied by hand:
 * a database upgraded in place keeps the chain its rows were sealed with (by the V15 sealer, which updated the
 * rows), and the archiving procedure of docs/DBA.md "Retention" leaves a chain that verifies and continues.
 */
class AuditChainTableIT {
    private static final String INSERT = "INSERT INTO audit_event (event_type, outcome, actor) VALUES ";

    @Test
    void rowsSealedBeforeV16KeepTheirChainAndTheChainContinues() throws Exception {
        String db = "est_it_chain_upgrade";
        MigratedDatabase.create(db);
        try (Connection c = MigratedDatabase.connect(db); Statement s = c.createStatement()) {
            MigratedDatabase.migrate(s, 1, 16);
            s.execute(INSERT + "('DEVICE_CREATED', 'SUCCESS', 'a'), ('ENROLL', 'REFUSED', 'b'), ('ENROLL', 'SUCCESS', 'c')");
            assertEquals(List.of("3"), query(s, "SELECT audit_seal()"), "sealed by the V15 sealer");
            s.execute(INSERT + "('ENROLL', 'SUCCESS', 'd'), ('REENROLL', 'SUCCESS', 'e')");
            List<String> v15Hashes = query(s, "SELECT encode(chain_hash, 'hex') FROM audit_event WHERE chain_seq IS NOT NULL "
                    + "ORDER BY chain_seq");

            MigratedDatabase.migrate(s, 16, Integer.MAX_VALUE);
            assertEquals(v15Hashes, query(s, "SELECT encode(chain_hash, 'hex') FROM audit_chain ORDER BY chain_seq"),
                    "the chain moved as it was");
            assertEquals(List.of("d", "e"), query(s, "SELECT e.actor FROM audit_unsealed u JOIN audit_event e "
                    + "ON e.id = u.event_id ORDER BY e.id"), "the unsealed rows wait for the sealer");
            assertEquals(List.of(), query(s, "SELECT problem FROM audit_verify()"));

            s.execute(INSERT + "('ENROLL', 'SUCCESS', 'f')");
            assertEquals(List.of("3"), query(s, "SELECT audit_seal()"));
            assertEquals(List.of("1:a", "2:b", "3:c", "4:d", "5:e", "6:f"),
                    query(s, "SELECT chain_seq || ':' || actor FROM v_audit_event ORDER BY chain_seq"));
            assertEquals(List.of("0"), query(s, "SELECT count(*) FROM audit_unsealed"));
            assertEquals(List.of(), query(s, "SELECT problem FROM audit_verify()"), "old and new positions verify");
            assertEquals(List.of("0"), query(s, "SELECT audit_seal()"), "nothing left to seal");
        }
        OwnServer.dropDatabase(db);
    }

    /** docs/DBA.md "Retention without breaking the chain", steps 1-4, down to the last sealed row. */
    @Test
    void archivingEveryPositionAsDocumentedLeavesAChainThatVerifiesAndContinues() throws Exception {
        String db = "est_it_chain_archive";
        MigratedDatabase.create(db);
        try (Connection c = MigratedDatabase.connect(db); Statement s = c.createStatement()) {
            MigratedDatabase.migrate(s, 1, Integer.MAX_VALUE);
            s.execute(INSERT + "('ENROLL', 'SUCCESS', 'a'), ('ENROLL', 'SUCCESS', 'b'), ('ENROLL', 'SUCCESS', 'c')");
            s.execute("SELECT audit_seal()");
            String n = query(s, "SELECT max(a.chain_seq) FROM audit_chain a JOIN audit_event e ON e.id = a.event_id "
                    + "WHERE e.occurred_at <= now()").get(0);
            assertEquals("3", n);
            assertEquals(List.of("a", "b", "c"), query(s, "SELECT actor FROM v_audit_event WHERE chain_seq <= " + n
                    + " ORDER BY chain_seq"), "the export");
            s.execute("INSERT INTO audit_checkpoint (chain_seq, chain_hash, note) SELECT chain_seq, chain_hash, 'test' "
                    + "FROM audit_chain WHERE chain_seq = " + n);
            s.execute("SET session_replication_role = replica");
            s.execute("DELETE FROM audit_event e USING audit_chain a WHERE a.event_id = e.id AND a.chain_seq <= " + n);
            s.execute("DELETE FROM audit_chain WHERE chain_seq <= " + n);
            s.execute("RESET session_replication_role");
            assertEquals(List.of(), query(s, "SELECT problem FROM audit_verify()"), "nothing left but the checkpoint");

            s.execute(INSERT + "('ENROLL', 'SUCCESS', 'd'), ('ENROLL', 'SUCCESS', 'e')");
            s.execute("SELECT audit_seal()");
            assertEquals(List.of("4:d", "5:e"), query(s, "SELECT chain_seq || ':' || actor FROM v_audit_event ORDER BY id"),
                    "the chain continues after the checkpoint");
            assertEquals(List.of(), query(s, "SELECT problem FROM audit_verify()"));
            s.execute("SET session_replication_role = replica");
            s.execute("UPDATE audit_event SET actor = 'x' WHERE actor = 'd'");
            assertEquals(List.of("4 hash does not match the row and its predecessor"),
                    query(s, "SELECT chain_seq || ' ' || problem FROM audit_verify()"), "and is verified from there");
        }
        OwnServer.dropDatabase(db);
    }
}
