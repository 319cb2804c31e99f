// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * What a CA change does outside the database once its transaction has ended: publish the CA to this node's
 * registry after the commit (so a rollback leaves no CA in memory without its row), remove a key file written for
 * it after a rollback (so a refused or failed create/next-key leaves no file). Without a transaction (never for
 * the callers here) the commit action runs at once.
 */
final class AfterCompletion {
    private static final Logger LOG = Logger.getLogger(AfterCompletion.class.getName());

    private AfterCompletion() {
    }

    static void onCommit(TransactionSynchronizationRegistry tsr, Runnable action) {
        if (!afterCompletion(tsr, committed -> {
            if (committed) {
                action.run();
            }
        })) {
            action.run();
        }
    }

    /** Removes {@code file} unless the transaction commits. */
    static void removeUnlessCommitted(TransactionSynchronizationRegistry tsr, Path file) {
        afterCompletion(tsr, committed -> {
            if (!committed) {
                deleteQuietly(file);
            }
        });
    }

    /** Runs {@code undo} unless the transaction commits (a key generated in a token for a refused next-key). */
    static void unlessCommitted(TransactionSynchronizationRegistry tsr, Runnable undo) {
        afterCompletion(tsr, committed -> {
            if (!committed) {
                undo.run();
            }
        });
    }

    /** Runs {@code then} (told whether it committed) when the caller's transaction ends; false without one. */
    private static boolean afterCompletion(TransactionSynchronizationRegistry tsr, java.util.function.Consumer<Boolean> then) {
        if (tsr == null || tsr.getTransactionKey() == null) {
            return false;
        }
        tsr.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                then.accept(status == Status.STATUS_COMMITTED);
            }
        });
        return true;
    }

    static void deleteQuietly(Path file) {
        try {
            if (Files.deleteIfExists(file)) {
                LOG.info(() -> "removed " + file + " (its transaction did not commit)");
            }
        } catch (IOException e) {
            LOG.warning(() -> "could not remove " + file + ": " + e.getMessage());
        }
    }
}
