// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a CA change leaves outside the database when its transaction commits or rolls back. */
class AfterCompletionTest {
    @TempDir
    Path dir;

    /** A transaction of the test's own: the synchronizations registered in it, ended on request. */
    static final class Transaction implements TransactionSynchronizationRegistry {
        final List<Synchronization> synchronizations = new ArrayList<>();

        void end(int status) {
            synchronizations.forEach(s -> s.afterCompletion(status));
        }

        @Override public Object getTransactionKey() { return this; }
        @Override public void putResource(Object key, Object value) { }
        @Override public Object getResource(Object key) { return null; }
        @Override public void registerInterposedSynchronization(Synchronization sync) { synchronizations.add(sync); }
        @Override public int getTransactionStatus() { return Status.STATUS_ACTIVE; }
        @Override public void setRollbackOnly() { }
        @Override public boolean getRollbackOnly() { return false; }
    }

    @Test
    void aCaIsPublishedOnlyWhenItsTransactionCommits() {
        AtomicInteger published = new AtomicInteger();
        Transaction rolledBack = new Transaction();
        AfterCompletion.onCommit(rolledBack, published::incrementAndGet);
        assertEquals(0, published.get(), "nothing before the end of the transaction");
        rolledBack.end(Status.STATUS_ROLLEDBACK);
        assertEquals(0, published.get(), "a rollback publishes nothing");

        Transaction committed = new Transaction();
        AfterCompletion.onCommit(committed, published::incrementAndGet);
        committed.end(Status.STATUS_COMMITTED);
        assertEquals(1, published.get());
    }

    @Test
    void aKeyFileOfARolledBackTransactionIsRemovedAndKeptOnCommit() throws Exception {
        Path rolledBackFile = Files.writeString(dir.resolve("plant-g2.p12"), "key");
        Transaction rolledBack = new Transaction();
        AfterCompletion.removeUnlessCommitted(rolledBack, rolledBackFile);
        rolledBack.end(Status.STATUS_ROLLEDBACK);
        assertFalse(Files.exists(rolledBackFile), "no file left by a refused or failed next-key");

        Path committedFile = Files.writeString(dir.resolve("plant-g3.p12"), "key");
        Transaction committed = new Transaction();
        AfterCompletion.removeUnlessCommitted(committed, committedFile);
        committed.end(Status.STATUS_COMMITTED);
        assertTrue(Files.exists(committedFile));
    }

    @Test
    void withoutATransactionTheCaIsPublishedAtOnce() {
        AtomicInteger published = new AtomicInteger();
        AfterCompletion.onCommit(null, published::incrementAndGet);
        assertEquals(1, published.get());
    }
}
