// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.node;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Properties;

/**
 * The PostgreSQL session-level advisory lock on a node name ({@link NodeName#lockKey()}): a running node holds it
 * on a connection of its own for its whole life. PostgreSQL releases it when that session ends, also when the
 * process is killed (kill -9 closes its sockets), so a restarted node gets its name back at once; a second node
 * with the same name does not get it and is refused. Plain JDBC: used by the pre-start bootstrap
 * (bin/est-gateway.sh) and by the application ({@link NodeRegistry}).
 */
public final class NodeLock {
    private NodeLock() {
    }

    /**
     * A connection of the node's own, not from the pool. Timeouts keep a heartbeat on a dead network from hanging;
     * the application name shows the node in pg_stat_activity.
     */
    public static Connection connect(String url, String user, String password, NodeName name) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("ApplicationName", "est-gateway node " + name);
        p.setProperty("connectTimeout", "10");
        p.setProperty("socketTimeout", "30");
        p.setProperty("tcpKeepAlive", "true");
        Connection c = new org.postgresql.Driver().connect(url, p);
        if (c == null) {
            throw new SQLException("not a PostgreSQL URL: " + url);
        }
        return c;
    }

    public static boolean tryLock(Connection c, NodeName name) throws SQLException {
        return bool(c, "SELECT pg_try_advisory_lock(?)", name.lockKey());
    }

    public static void unlock(Connection c, NodeName name) throws SQLException {
        bool(c, "SELECT pg_advisory_unlock(?)", name.lockKey());
    }

    /**
     * Refuses the start when a running node holds the name: takes the lock and releases it at once (the bootstrap,
     * before WildFly starts; the application takes it for good when it deploys).
     */
    public static void checkFree(Connection c, NodeName name) throws SQLException {
        if (!tryLock(c, name)) {
            throw new NodeNameInUse(name, holder(c, name));
        }
        unlock(c, name);
    }

    /** The backend process (pg_stat_activity.pid) that holds the lock, if any session does. */
    public static Optional<Integer> holderPid(Connection c, NodeName name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pid FROM pg_locks WHERE locktype = 'advisory' "
                + "AND objsubid = 1 AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                + "AND classid::bigint = ? AND objid::bigint = ?")) {
            ps.setLong(1, name.lockKey() >>> 32);
            ps.setLong(2, name.lockKey() & 0xffff_ffffL);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
            }
        }
    }

    public static int backendPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** What the node registry says about the holder: when it started, where it runs, when it was last seen. */
    static String holder(Connection c, NodeName name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT to_regclass('est_node') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return "not registered yet";
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT started_at, host, https_port, pid, last_seen FROM est_node WHERE name = ?")) {
            ps.setString(1, name.value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "not registered yet";
                }
                return "started " + rs.getTimestamp(1).toInstant().truncatedTo(ChronoUnit.SECONDS) + ", host "
                        + rs.getString(2) + ", HTTPS port " + rs.getInt(3) + ", pid " + rs.getLong(4) + ", last seen "
                        + rs.getTimestamp(5).toInstant().truncatedTo(ChronoUnit.SECONDS);
            }
        }
    }

    private static boolean bool(Connection c, String sql, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
