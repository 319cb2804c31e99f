// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.bootstrap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DatabaseCreatorTest {
    @Test
    void losingACreateRaceCountsAsExists() {
        assertTrue(DatabaseCreator.raced(new SQLException("database \"x\" already exists", "42P04")));
        assertTrue(DatabaseCreator.raced(new SQLException("role \"est_app\" already exists", "42710")));
        assertTrue(DatabaseCreator.raced(new SQLException("duplicate key value violates unique constraint "
                + "\"pg_database_datname_index\"", "23505")));
        assertTrue(DatabaseCreator.raced(new SQLException("tuple concurrently updated", "XX000")));
    }

    @Test
    void otherFailuresAreNotRaces() {
        assertFalse(DatabaseCreator.raced(new SQLException("permission denied to create database", "42501")));
        assertFalse(DatabaseCreator.raced(new SQLException("connection refused", "08001")));
        assertFalse(DatabaseCreator.raced(new SQLException("internal error", "XX000")));
        assertFalse(DatabaseCreator.raced(new SQLException("no state")));
    }
}
