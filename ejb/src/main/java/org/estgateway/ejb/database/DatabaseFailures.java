// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.database;

import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Tells a database outage (no connection to PostgreSQL, or one that broke) from every other failure, by
 * looking along the cause chain. An outage is the operator's to fix and the client's to wait out: 503 +
 * Retry-After, never a 500 or an incident. Pure: class names and SQLStates only, no dependency on the driver,
 * Hibernate or IronJacamar.
 */
public final class DatabaseFailures {
    /** PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now (startup, shutdown, recovery), too_many_connections. */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");
    /** Hibernate's and IronJacamar's wrappers of a broken or refused connection. */
    private static final Set<String> CONNECTION_EXCEPTIONS = Set.of("org.hibernate.exception.JDBCConnectionException",
            "java.sql.SQLTransientConnectionException", "java.sql.SQLNonTransientConnectionException");
    /** IronJacamar's ResourceException texts when the pool cannot hand out a connection. */
    private static final String[] POOL_MESSAGES = {"Could not create connection", "IJ031084", "IJ000453",
        "Unable to get managed connection", "IJ000655", "No managed connections available", "IJ000604"};
    private static final int MAX_DEPTH = 32;

    private DatabaseFailures() {
    }

    /** Whether {@code failure} (or a cause of it) says the database cannot be reached or the connection broke. */
    public static boolean isUnavailable(Throwable failure) {
        return search(failure, new IdentityHashMap<>(), 0);
    }

    /**
     * Causes, SQLException's next exceptions and suppressed exceptions: a commit that failed on a broken connection
     * reaches the application as a HeuristicMixedException whose reason is only a suppressed LocalXAException.
     */
    private static boolean search(Throwable t, Map<Throwable, Boolean> seen, int depth) {
        if (t == null || depth >= MAX_DEPTH || seen.put(t, Boolean.TRUE) != null) {
            return false;
        }
        if (matches(t)) {
            return true;
        }
        if (t instanceof SQLException sql && search(sql.getNextException(), seen, depth + 1)) {
            return true;
        }
        for (Throwable s : t.getSuppressed()) {
            if (search(s, seen, depth + 1)) {
                return true;
            }
        }
        return search(t.getCause(), seen, depth + 1);
    }

    private static boolean matches(Throwable t) {
        if (t instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState().toUpperCase(Locale.ROOT);
            // SQLState class 08: connection exception (08001 cannot connect, 08003 closed, 08006 failure)
            if (state.startsWith("08") || UNAVAILABLE_STATES.contains(state)) {
                return true;
            }
        }
        for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            if (CONNECTION_EXCEPTIONS.contains(c.getName())) {
                return true;
            }
            if (c.getName().equals("jakarta.resource.ResourceException") && t.getMessage() != null) {
                for (String m : POOL_MESSAGES) {
                    if (t.getMessage().contains(m)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** "Class: message" of the innermost cause, printable and short: for the one log line of an outage. */
    public static String summary(Throwable failure) {
        Throwable root = failure;
        for (int i = 0; i < MAX_DEPTH && root.getCause() != null && root.getCause() != root; i++) {
            root = root.getCause();
        }
        String s = root.getClass().getName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        String cut = s.length() > 200 ? s.substring(0, 200) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
