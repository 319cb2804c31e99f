// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.database;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJBException;
import jakarta.persistence.PersistenceException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DatabaseFailuresTest {

    /** What pgjdbc throws on a connection the server closed (the 500s of the reproduction). */
    @Test
    void closedConnectionSqlState08003IsAnOutage() {
        var e = new EJBException(new PersistenceException(new SQLException("This connection has been closed.", "08003")));
        assertTrue(DatabaseFailures.isUnavailable(e));
    }

    @Test
    void refusedConnectionIsAnOutage() {
        var refused = new SQLException("Connection to 127.0.0.1:5432 refused", "08001", new ConnectException("refused"));
        assertTrue(DatabaseFailures.isUnavailable(new RuntimeException(refused)));
        assertTrue(DatabaseFailures.isUnavailable(new SQLException("I/O error", "08006")));
    }

    @Test
    void adminShutdownAndCannotConnectNowAreOutages() {
        for (String state : new String[] {"57P01", "57P02", "57P03", "53300"}) {
            assertTrue(DatabaseFailures.isUnavailable(new PersistenceException(new SQLException("x", state))), state);
        }
    }

    @Test
    void poolThatCannotCreateAConnectionIsAnOutage() {
        var pool = new jakarta.resource.ResourceException("IJ031084: Unable to create connection");
        var wrapped = new SQLException("IJ031084: Could not create connection", pool);
        assertTrue(DatabaseFailures.isUnavailable(new PersistenceException(wrapped)));
        assertTrue(DatabaseFailures.isUnavailable(new jakarta.resource.ResourceException(
                "IJ000655: No managed connections available within configured blocking timeout (30000 [ms])")));
        assertTrue(DatabaseFailures.isUnavailable(new SQLTransientConnectionException("timeout")));
    }

    @Test
    void chainedNextExceptionIsLookedAt() {
        SQLException batch = new SQLException("batch failed", "XX000");
        batch.setNextException(new SQLException("closed", "08003"));
        assertTrue(DatabaseFailures.isUnavailable(batch));
    }

    /** A commit on a connection cut at that moment: Narayana reports a heuristic, the reason is suppressed. */
    @Test
    void failedCommitWithTheReasonSuppressedIsAnOutage() {
        var heuristic = new jakarta.transaction.HeuristicMixedException();
        var xa = new javax.transaction.xa.XAException("IJ001156: Could not commit local transaction");
        xa.initCause(new RuntimeException("LocalResourceException", new SQLException("An I/O error occurred", "08006")));
        heuristic.addSuppressed(xa);
        assertTrue(DatabaseFailures.isUnavailable(new EJBException(new RuntimeException(heuristic))));
    }

    @Test
    void otherDatabaseErrorsAreNotOutages() {
        assertFalse(DatabaseFailures.isUnavailable(new PersistenceException(new SQLException("duplicate key", "23505"))));
        assertFalse(DatabaseFailures.isUnavailable(new SQLException("syntax", "42601")));
        assertFalse(DatabaseFailures.isUnavailable(new SQLException("no state")));
        assertFalse(DatabaseFailures.isUnavailable(new jakarta.resource.ResourceException("some other failure")));
        assertFalse(DatabaseFailures.isUnavailable(new IllegalStateException("bug")));
        assertFalse(DatabaseFailures.isUnavailable(new RuntimeException(new ConnectException("IdM service down"))),
                "a connection to something else is not the database");
        assertFalse(DatabaseFailures.isUnavailable(null));
    }

    @Test
    void aCauseCycleEnds() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertFalse(DatabaseFailures.isUnavailable(a));
    }

    @Test
    void summaryNamesTheRootCauseOnOneLine() {
        var e = new PersistenceException(new SQLException("Connection\nrefused", "08001"));
        assertTrue(DatabaseFailures.summary(e).equals("java.sql.SQLException: Connection?refused"),
                DatabaseFailures.summary(e));
    }
}
