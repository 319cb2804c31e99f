// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A test database (est_it*) of its own with the schema of db-migrations applied by hand, version by version, so a
 * test can put rows in between two migrations (what a database upgraded in place holds). Not through the server.
 */
final class MigratedDatabase {
    private static final Path MIGRATIONS = Path.of("../db-migrations/src/main/resources/db/migration");

    private MigratedDatabase() {
    }

    /** Drops and creates the database, with the table Flyway would create (V5 grants on it). */
    static void create(String database) throws SQLException {
        OwnServer.dropDatabase(database);
        try (Connection c = DriverManager.getConnection(OwnServer.DIRECT_PREFIX + "postgres", "postgres", "postgres");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE flyway_schema_history (installed_rank INT)");
        }
    }

    static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(OwnServer.DIRECT_PREFIX + database, "postgres", "postgres");
    }

    /** Applies the migrations with from &lt;= version &lt; to (Integer.MAX_VALUE: all that follow). */
    static void migrate(Statement s, int from, int to) throws IOException, SQLException {
        for (Path m : migrations()) {
            if (version(m) >= from && version(m) < to) {
                s.execute(Files.readString(m));
            }
        }
    }

    /** Rows of a query, first column as text. */
    static List<String> query(Statement s, String sql) throws SQLException {
        try (var rs = s.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return rows;
        }
    }

    private static List<Path> migrations() throws IOException {
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            return files.filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted(Comparator.comparingInt(MigratedDatabase::version)).toList();
        }
    }

    private static int version(Path migration) {
        String f = migration.getFileName().toString();
        return Integer.parseInt(f.substring(1, f.indexOf("__")));
    }
}
