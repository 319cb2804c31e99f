// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.node;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** This node's row in the node registry, table est_node (db-migrations V11, docs/DBA.md). */
public record NodeInfo(NodeName name, String host, int httpsPort, int managementPort, long pid, String version,
        Instant startedAt) {

    /** This process: host name, the HTTPS and management ports after the port offset, pid, build version. */
    public static NodeInfo ofThisProcess(NodeName name) {
        int offset = Integer.parseInt(System.getProperty(NodeName.PORT_OFFSET_PROPERTY, "0").strip());
        String version = NodeInfo.class.getPackage().getImplementationVersion();
        ProcessHandle self = ProcessHandle.current();
        return new NodeInfo(name, NodeName.hostName(), Integer.getInteger("jboss.https.port", 8443) + offset,
                Integer.getInteger("jboss.management.http.port", 9990) + offset, self.pid(),
                version == null ? "unknown" : version, self.info().startInstant().orElse(Instant.now()));
    }

    /** Inserts or refreshes the row (last_seen now, running); idempotent, so also the heartbeat. */
    public void register(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO est_node (name, tx_node_id, lock_key, host, "
                + "https_port, management_port, pid, version, started_at, last_seen, stopped_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, now(), NULL) ON CONFLICT (name) DO UPDATE SET "
                + "tx_node_id = EXCLUDED.tx_node_id, lock_key = EXCLUDED.lock_key, host = EXCLUDED.host, "
                + "https_port = EXCLUDED.https_port, management_port = EXCLUDED.management_port, pid = EXCLUDED.pid, "
                + "version = EXCLUDED.version, started_at = EXCLUDED.started_at, last_seen = now(), stopped_at = NULL")) {
            ps.setString(1, name.value());
            ps.setString(2, name.txNodeId());
            ps.setLong(3, name.lockKey());
            ps.setString(4, host);
            ps.setInt(5, httpsPort);
            ps.setInt(6, managementPort);
            ps.setLong(7, pid);
            ps.setString(8, version);
            ps.setTimestamp(9, Timestamp.from(startedAt));
            ps.executeUpdate();
        }
    }

    /** A clean stop: stopped_at is set (a crashed node's row keeps stopped_at NULL and an old last_seen). */
    public void markStopped(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE est_node SET stopped_at = now(), last_seen = now() WHERE name = ? AND host = ? AND pid = ?")) {
            ps.setString(1, name.value());
            ps.setString(2, host);
            ps.setLong(3, pid);
            ps.executeUpdate();
        }
    }

    /** For log lines and the refusal: "host vm, HTTPS port 8443, pid 1234". */
    public String address() {
        return "host " + host + ", HTTPS port " + httpsPort + ", pid " + pid;
    }
}
