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

/** Creates the PostgreSQL database of EST_DB_URL when it is missing (and the user may create databases). */
public final class DatabaseCreator {
    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/]*/)([^?]+)(\\?.*)?");

    private DatabaseCreator() {
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
            }
            return "database " + database + " created";
        }
    }
}
