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
        if (tsr == null || tsr.getTransactionKey() == null) {
            action.run();
            return;
        }
        tsr.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    action.run();
                }
            }
        });
    }

    /** Removes {@code file} unless the transaction commits. */
    static void removeUnlessCommitted(TransactionSynchronizationRegistry tsr, Path file) {
        if (tsr == null || tsr.getTransactionKey() == null) {
            return;
        }
        tsr.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status != Status.STATUS_COMMITTED) {
                    deleteQuietly(file);
                }
            }
        });
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
