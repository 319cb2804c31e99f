// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.bootstrap;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Creates the PostgreSQL database of EST_DB_URL when it is missing (and the user may create databases), and the
 * database roles. Race-safe: nodes started at the same moment against an empty server all see "exists" after one
 * of them created it (a concurrent CREATE fails with duplicate_database, duplicate_object, or unique_violation on
 * the catalog; GRANT of the same membership with "tuple concurrently updated").
 */
public final class DatabaseCreator {
    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/]*/)([^?]+)(\\?.*)?");
    private static final int ATTEMPTS = 5;

    private DatabaseCreator() {
    }

    /**
     * Creates the database roles est_app and est_auditor when missing (docs/DBA.md), before WildFly opens its
     * first connection: the datasource switches every connection to est_app. Without the right to create
     * roles this is skipped and the application runs as the login user.
     */
    public static String ensureRoles(String url, String user, String password) {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                s.execute("DO $$ BEGIN "
                        + "IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'est_app') THEN CREATE ROLE est_app NOLOGIN; END IF; "
                        + "IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'est_auditor') THEN CREATE ROLE est_auditor NOLOGIN; END IF; "
                        + "EXECUTE format('GRANT est_app TO %I', current_user); END $$");
                return "database roles est_app and est_auditor present";
            } catch (SQLException e) {
                if (raced(e) && attempt < ATTEMPTS) {
                    continue; // another node created them at the same moment: the next attempt finds them
                }
                return "WARNING: cannot create the database roles est_app/est_auditor (" + e.getMessage()
                        + "); the application will run as " + user;
            }
        }
    }

    /** A CREATE or GRANT that lost a race against the same statement of another node (the object now exists). */
    static boolean raced(SQLException e) {
        String state = e.getSQLState();
        return "42P04".equals(state) || "42710".equals(state) || "23505".equals(state)
                || ("XX000".equals(state) && String.valueOf(e.getMessage()).contains("concurrently"));
    }

    /** Returns a line saying what was done. */
    public static String ensureDatabase(String url, String user, String password) throws SQLException {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("EST_DB_URL '" + url + "' is not jdbc:postgresql://host[:port]/database");
        }
        String database = m.group(2);
        String maintenance = m.group(1) + "postgres" + (m.group(3) == null ? "" : m.group(3));
        try (Connection c = DriverManager.getConnection(maintenance, user, password);
                PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return "database " + database + " exists";
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
            } catch (SQLException e) {
                if (raced(e)) {
                    return "database " + database + " exists (another node created it at the same moment)";
                }
                throw e;
            }
            return "database " + database + " created";
        }
    }
}
