// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Node identity (issue 13): two nodes of their own (port offsets 1800 and 1900) on one database (est_it_node2)
 * and one data directory, both configured with the same EST_NODE_NAME. The second is refused before WildFly
 * starts with one line and a non-zero exit code while the first keeps serving; after kill -9 of the first, the
 * second starts with that name at once (the advisory lock died with the first one's database session). Audit rows
 * and request log lines carry the name; WildFly's transaction node identifier is derived from it (no WFLYTX0013).
 * A rival that takes the name between a node's bootstrap and its deployment fails the deployment (same line).
 * When the node's lock session ends and a rival takes the name meanwhile, its readiness turns DOWN until the name
 * is free again.
 */
class NodeIdentityIT {
    static final String DATABASE = "est_it_node2";
    static final String PASSWORD = "node-Secret-1";

    @Test
    void secondNodeWithTheSameNameIsRefusedWithOneLineAndTakesTheNameOnceTheFirstIsKilled() throws Exception {
        // longer than WildFly's 23-byte limit of the transaction node identifier: shortened deterministically
        String name = OwnServer.uniqueName("identity-it-node");
        String txNodeId = expectedTxNodeId(name);
        Path shared = Path.of("target", "node-identity-data");
        try (OwnServer a = new OwnServer("node-identity-a", 1800, OwnServer.DIRECT_PREFIX + DATABASE)
                .sharingDataDir(shared).env("EST_NODE_NAME", name).env("EST_LOG_FORMAT", "json");
                OwnServer b = new OwnServer("node-identity-b", 1900, OwnServer.DIRECT_PREFIX + DATABASE)
                        .sharingDataDir(shared).env("EST_NODE_NAME", name)) {
            a.start();
            long auditBefore = maxAuditId();
            enrollOn(a);
            assertAuditRowsSince(auditBefore, name);
            assertEquals(List.of("true " + txNodeId + " " + (8443 + 1800)), OwnServer.column(DATABASE,
                    "SELECT running || ' ' || tx_node_id || ' ' || https_port FROM v_node WHERE name = ?", name));
            assertTrue(jvmArguments(a).contains("-Djboss.tx.node.id=" + txNodeId), "WildFly's transaction node id");
            String serverLogA = Files.readString(a.dir.resolve("standalone/log/server.log"), StandardCharsets.UTF_8);
            assertFalse(serverLogA.contains("WFLYTX0013"), "no default transaction node identifier warning");
            // EST_LOG_FORMAT=json: the request log line says node=..., and the JSON object has the node field too
            String requestLine = a.log().lines().filter(l -> l.contains("org.estgateway.est.requests")
                    && l.contains("EST simpleenroll")).reduce((x, y) -> y).orElseThrow();
            assertTrue(requestLine.contains("node=" + name), requestLine);
            assertTrue(requestLine.contains("\"node\":\"" + name + "\""), requestLine);

            int bLogStart = length(b);
            b.launch();
            int exit = b.awaitExit(Duration.ofMinutes(2));
            String refused = b.log().substring(bLogStart);
            assertNotEquals(0, exit, refused);
            List<String> lines = refused.lines().filter(l -> l.contains("is in use by a running node")).toList();
            assertEquals(1, lines.size(), refused);
            assertTrue(lines.get(0).contains("node name '" + name + "' is in use by a running node (started ")
                    && lines.get(0).contains("HTTPS port " + (8443 + 1800))
                    && lines.get(0).endsWith("give this node another EST_NODE_NAME"), lines.get(0));
            assertFalse(refused.contains("WFLYSRV0049"), "refused before WildFly started: " + refused);

            assertEquals(200, a.get("/.well-known/est/cacerts").statusCode(), "the first node keeps serving");
            enrollOn(a);

            a.kill();
            nameTakenBetweenBootstrapAndDeploymentFailsTheDeploymentWithOneLine(b, name);
            bLogStart = length(b);
            b.start(); // at once: the lock died with the killed node's database session
            auditBefore = maxAuditId();
            enrollOn(b);
            assertAuditRowsSince(auditBefore, name);
            String started = b.log().substring(bLogStart);
            assertFalse(started.contains("WFLYTX0013"), "no default transaction node identifier warning");
            assertTrue(started.lines().anyMatch(l -> l.contains("EST simpleenroll") && l.contains(" status=200 ")
                    && l.endsWith(" node=" + name)), "request log line with node=");
            long pidB = b.jvm().orElseThrow().pid();
            assertEquals(List.of("true " + pidB), OwnServer.column(DATABASE,
                    "SELECT running || ' ' || pid FROM v_node WHERE name = ?", name));
            assertEquals(List.of(), OwnServer.column(DATABASE, "SELECT problem FROM audit_verify()"), "chain intact");

            lockSessionEndsAndARivalTakesTheNameMeanwhile(b, name);
        }
    }

    /**
     * Two nodes racing past their bootstraps: a rival takes the name after this node's bootstrap found it free; the
     * application's lock at deployment refuses it, and the launcher stops WildFly and prints the same one line.
     */
    private static void nameTakenBetweenBootstrapAndDeploymentFailsTheDeploymentWithOneLine(OwnServer node, String name)
            throws Exception {
        int logStart = length(node);
        long key = Long.parseLong(OwnServer.column(DATABASE, "SELECT lock_key FROM est_node WHERE name = ?", name).get(0));
        try (Connection rival = DriverManager.getConnection(OwnServer.DIRECT_PREFIX + DATABASE, "postgres", "postgres");
                Statement s = rival.createStatement()) {
            node.launch();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!node.log().substring(logStart).contains("est-bootstrap: node " + name)) {
                assertTrue(System.nanoTime() < deadline, "bootstrap passed: " + node.log().substring(logStart));
                Thread.sleep(100);
            }
            assertEquals(List.of("true"), MigratedDatabase.query(s, "SELECT pg_try_advisory_lock(" + key + ")::text"));
            int exit = node.awaitExit(Duration.ofMinutes(3));
            String out = node.log().substring(logStart);
            assertEquals(1, exit, out);
            // the launcher's line may follow WildFly's colour reset on the shared console
            List<String> failed = out.lines().map(l -> l.replaceAll("\u001b\\[[0-9;]*m", ""))
                    .filter(l -> l.startsWith("est-gateway: FAILED")).toList();
            assertEquals(1, failed.size(), out);
            assertTrue(failed.get(0).startsWith("est-gateway: FAILED: node name '" + name + "' is in use by a running node ("),
                    failed.get(0));
        }
    }

    /**
     * The node's lock session ends (as in a database outage) and a rival takes the name before the node reconnects:
     * ERROR line, readiness check node-name DOWN; once the rival is gone the node takes its name again, UP.
     */
    private static void lockSessionEndsAndARivalTakesTheNameMeanwhile(OwnServer node, String name) throws Exception {
        int logStart = length(node);
        long key = Long.parseLong(OwnServer.column(DATABASE, "SELECT lock_key FROM est_node WHERE name = ?", name).get(0));
        try (Connection rival = DriverManager.getConnection(OwnServer.DIRECT_PREFIX + DATABASE, "postgres", "postgres");
                Statement s = rival.createStatement()) {
            s.execute("SET statement_timeout = '20s'");
            assertEquals(List.of("true"), MigratedDatabase.query(s, "SELECT pg_terminate_backend(pid)::text FROM pg_stat_activity "
                    + "WHERE application_name = 'est-gateway node " + name + "'"));
            MigratedDatabase.query(s, "SELECT pg_advisory_lock(" + key + ")"); // as soon as the terminated session has gone
            awaitReadiness(node, "DOWN", Duration.ofSeconds(40));
            String log = node.log().substring(logStart);
            assertTrue(log.lines().anyMatch(l -> l.contains(" SEVERE ") && l.contains("node name '" + name
                    + "' was taken by another running node")), log);
        }
        awaitReadiness(node, "UP", Duration.ofSeconds(40));
        assertTrue(node.log().substring(logStart).contains("node " + name + ": name lock taken again"), node.log());
        assertEquals(List.of("true"), OwnServer.column(DATABASE, "SELECT running::text FROM v_node WHERE name = ?", name));
        assertEquals(200, node.get("/.well-known/est/cacerts").statusCode());
    }

    /** Waits until /health/ready answers with the check node-name in this state. */
    private static void awaitReadiness(OwnServer node, String status, Duration limit) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + limit.toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.managementPort() + "/health/ready"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body().replace(" ", "");
            if (body.matches("(?s).*\\{\"name\":\"node-name\",\"status\":\"" + status + "\".*")) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("readiness check node-name not " + status + " within " + limit + ": " + body);
    }

    /**
     * Rows sealed before migration V11 (no node) still verify after it, rows with a node verify too, and a node
     * changed behind the trigger's back breaks the chain. The migrations are run from db-migrations directly.
     */
    @Test
    void auditRowsSealedBeforeV11StillVerifyAndTheNodeIsPartOfTheHash() throws Exception {
        String db = "est_it_node_chain";
        MigratedDatabase.create(db);
        try (Connection c = MigratedDatabase.connect(db); Statement s = c.createStatement()) {
            MigratedDatabase.migrate(s, 1, 11);
            s.execute("INSERT INTO audit_event (event_type, outcome, actor, handler) VALUES ('OLD_A', 'SUCCESS', 'x', 'h'),"
                    + " ('OLD_B', 'REFUSED', NULL, NULL)");
            s.execute("SELECT audit_seal()");
            MigratedDatabase.migrate(s, 11, Integer.MAX_VALUE);
            s.execute("INSERT INTO audit_event (event_type, outcome, actor, node) VALUES ('NEW_A', 'SUCCESS', 'y', 'gw1-0'),"
                    + " ('NEW_B', 'SUCCESS', 'y', NULL)");
            s.execute("SELECT audit_seal()");
            assertEquals(List.of("4"), MigratedDatabase.query(s, "SELECT count(*) FROM audit_chain"));
            assertEquals(List.of(), MigratedDatabase.query(s, "SELECT problem FROM audit_verify()"), "old and new rows verify");

            s.execute("SET session_replication_role = replica"); // past the append-only trigger, as an attacker would
            s.execute("UPDATE audit_event SET node = 'gw2-0' WHERE event_type = 'NEW_A'");
            s.execute("SET session_replication_role = DEFAULT");
            assertEquals(List.of("hash does not match the row and its predecessor"),
                    MigratedDatabase.query(s, "SELECT problem FROM audit_verify()"), "a changed node breaks the chain");
        }
        OwnServer.dropDatabase(db);
    }

    private static void enrollOn(OwnServer server) throws Exception {
        String cn = OwnServer.uniqueName("node-id");
        server.registerDevice(cn, PASSWORD);
        OwnServer.Answer answer = server.enroll(server.client(), "simpleenroll", cn, PASSWORD);
        assertEquals(200, answer.status(), answer.body());
    }

    private static long maxAuditId() throws SQLException {
        return Long.parseLong(OwnServer.column(DATABASE, "SELECT coalesce(max(id), 0) FROM audit_event").get(0));
    }

    /** Every audit row written since {@code after} names the node (and there are some). */
    private static void assertAuditRowsSince(long after, String node) throws SQLException {
        List<String> nodes = OwnServer.column(DATABASE, "SELECT coalesce(node, '<none>') FROM audit_event WHERE id > ?", after);
        assertFalse(nodes.isEmpty(), "audit rows were written");
        assertTrue(nodes.stream().allMatch(node::equals), "every audit row carries the node: " + nodes);
    }

    private static List<String> jvmArguments(OwnServer server) {
        return List.of(server.jvm().orElseThrow().info().arguments().orElseThrow());
    }

    private static int length(OwnServer server) throws Exception {
        return Files.exists(server.console) ? server.log().length() : 0;
    }

    /** The rule of NodeName.txNodeId(): the name if at most 23 bytes, else 14 characters, "-", 8 hex of SHA-256. */
    static String expectedTxNodeId(String name) throws Exception {
        if (name.length() <= 23) {
            return name;
        }
        byte[] h = MessageDigest.getInstance("SHA-256").digest(("est-node:" + name).getBytes(StandardCharsets.US_ASCII));
        return name.substring(0, 14) + "-" + HexFormat.of().formatHex(h, 0, 4);
    }
}
