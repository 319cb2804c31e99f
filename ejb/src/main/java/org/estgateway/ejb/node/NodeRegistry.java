// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.node;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.estgateway.ejb.config.EstEnvironment;
import org.estgateway.health.Probes;

/**
 * This node in the node registry (est_node) and the lock on its name ({@link NodeLock}), held on a database
 * connection of its own from deployment to undeployment. A second node with the same name fails to deploy with
 * one line (the launcher's bootstrap normally refuses it earlier, before WildFly starts; this is the real lock,
 * for two nodes that race between their bootstraps and deployments).
 * <p>
 * Every 15 s the row's last_seen is refreshed over that connection. When the connection breaks (a database
 * outage), the lock went with it: every 5 s a tick reconnects and takes it again. Should another node have taken the
 * name meanwhile, this node logs an ERROR and its readiness check {@code node-name} turns DOWN, so a load balancer
 * stops sending it requests, until it holds its name again; it does not stop by itself (an operator decides which
 * of the two gets another EST_NODE_NAME).
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN)
public class NodeRegistry {
    private static final Logger LOG = Logger.getLogger(NodeRegistry.class.getName());
    static final String CHECK = "node-name";
    /** est_node.last_seen is refreshed this often (a tick comes every 5 s: retaking a lost lock is not delayed). */
    private static final long REFRESH_NANOS = 14_500_000_000L;

    private NodeName name;
    private NodeInfo info;
    private EstEnvironment env;
    /** The connection whose session holds the lock; null while it is not held. Guarded by this. */
    private Connection connection;
    /** The PostgreSQL backend of the last session that held the lock: an old session of ours is no rival. */
    private int lockBackend = -1;
    private boolean registryWarned;
    private long refreshedAt;
    /** Who holds the name when another node took it while this one had lost its connection; else null. */
    private volatile String conflict;

    @PostConstruct
    void start() {
        name = NodeName.current();
        info = NodeInfo.ofThisProcess(name);
        env = EstEnvironment.fromSystem();
        Connection c = null;
        try {
            c = open();
            if (!NodeLock.tryLock(c, name)) {
                NodeNameInUse refused = new NodeNameInUse(name, NodeLock.holder(c, name));
                close(c);
                LOG.severe(refused.getMessage());
                throw refused;
            }
            hold(c);
        } catch (SQLException e) {
            if (c != null) {
                close(c);
            }
            throw new IllegalStateException("node " + name + ": cannot lock its name in the database: " + e.getMessage(), e);
        }
        LOG.info(() -> "node " + name + " (transaction node identifier " + name.txNodeId() + ", " + info.address()
                + ", version " + info.version() + ") registered in est_node; its name is locked for this node's life");
        Probes.register(CHECK, this::probe);
    }

    @Schedule(second = "*/5", minute = "*", hour = "*", persistent = false)
    synchronized void heartbeat() {
        if (connection != null) {
            if (System.nanoTime() - refreshedAt < REFRESH_NANOS) {
                return;
            }
            try {
                info.register(connection);
                refreshedAt = System.nanoTime();
                registryWarned = false;
                return;
            } catch (SQLException e) {
                if (valid(connection)) {
                    // the lock is still held; only the registry row could not be written
                    refreshedAt = System.nanoTime();
                    if (!registryWarned) {
                        registryWarned = true;
                        LOG.warning(() -> "node " + name + ": est_node not updated: " + e.getMessage());
                    }
                    return;
                }
                close(connection);
                connection = null;
                LOG.warning(() -> "node " + name + ": the database connection that holds its name lock broke ("
                        + e.getMessage() + "); the lock is taken again when the database answers");
            }
        }
        retake();
    }

    /** After the lock's connection broke: a new connection and the lock again, if nobody else took it. */
    private void retake() {
        Connection c;
        try {
            c = open();
        } catch (SQLException e) {
            return; // still unreachable; the next tick tries again
        }
        try {
            if (NodeLock.tryLock(c, name)) {
                hold(c);
                String was = conflict;
                conflict = null;
                LOG.info(() -> "node " + name + ": name lock taken again on a new database connection"
                        + (was == null ? "" : "; readiness check " + CHECK + " is UP again"));
                return;
            }
            Optional<Integer> holder = NodeLock.holderPid(c, name);
            if (holder.isPresent() && holder.get() == lockBackend) {
                close(c); // our old session, which PostgreSQL has not yet noticed is gone; the next tick tries again
                return;
            }
            if (conflict == null) {
                conflict = NodeLock.holder(c, name);
                LOG.severe(() -> "node name '" + name + "' was taken by another running node (" + conflict + ") while "
                        + "this node's database connection was broken; readiness check " + CHECK + " is DOWN until this "
                        + "node holds its name again; give one of the two nodes another " + NodeName.VARIABLE);
            }
            close(c);
        } catch (SQLException e) {
            close(c);
        }
    }

    @PreDestroy
    synchronized void stop() {
        Probes.unregister(CHECK);
        if (connection != null) {
            try {
                info.markStopped(connection);
                NodeLock.unlock(connection, name);
            } catch (SQLException e) {
                LOG.fine(() -> "node " + name + ": not marked stopped: " + e.getMessage());
            }
            close(connection);
            connection = null;
        }
    }

    /** Keeps the connection whose session holds the lock, and registers the node. */
    private void hold(Connection c) throws SQLException {
        int backend = NodeLock.backendPid(c);
        info.register(c);
        connection = c;
        lockBackend = backend;
        refreshedAt = System.nanoTime();
    }

    /**
     * As the login user of EST_DB_* (like Flyway), then switched to est_app where that role exists (the rights on
     * est_node; docs/DBA.md). The server-side keepalives end the session, and so free the name, within about a
     * minute when this host vanishes without closing the connection.
     */
    private Connection open() throws SQLException {
        Connection c = NodeLock.connect(env.dbUrl(), env.dbUser(), env.dbPassword(), name);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT set_config('tcp_keepalives_idle', '30', false), set_config('tcp_keepalives_interval', "
                    + "'10', false), set_config('tcp_keepalives_count', '3', false)");
            s.execute("SELECT set_config('role', 'est_app', false) FROM pg_roles WHERE rolname = 'est_app'");
        } catch (SQLException e) {
            close(c);
            throw e;
        }
        return c;
    }

    HealthCheckResponse probe() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named(CHECK).withData("name", name.value())
                .withData("txNodeId", name.txNodeId());
        String holder = conflict;
        if (holder != null) {
            return r.down().withData("error", "the name is held by another running node (" + holder + ")").build();
        }
        return r.up().build();
    }

    private static boolean valid(Connection c) {
        try {
            return c.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // already broken
        }
    }
}
