// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.crl;

import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.time.Instant;
import java.util.Optional;
import org.estgateway.persistence.crl.CrlSnapshot;
import org.estgateway.persistence.crl.StoredCrl;

/**
 * The CRL served at {@code /crl}: the latest row of table crl, the same on every node (RFC 5280 §5.2.3: CRL
 * numbers only grow, whichever node a relying party reaches). A fetch costs one query (revocation state and
 * latest CRL number) and serves this node's cached DER while that is the latest and current; otherwise it loads
 * the latest row or, when that is stale, has the next CRL built (once across nodes, {@link CrlStore}). Threads
 * of this node queue here rather than at the database lock; a node never serves a lower number than before.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class CrlPublisher {
    @EJB
    CrlStore store;

    private final Object refresh = new Object();
    private volatile StoredCrl served;

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public byte[] current() {
        CrlSnapshot seen = store.snapshot();
        StoredCrl mine = served;
        if (decide(mine, seen) == CrlRules.Action.SERVE_CACHED) {
            return mine.der();
        }
        synchronized (refresh) {
            mine = served;
            return switch (decide(mine, seen)) {
                case SERVE_CACHED -> mine.der();
                case LOAD_LATEST -> adopt(store.load(seen.latest().orElseThrow().number()));
                case BUILD -> adopt(store.latestOrBuild());
            };
        }
    }

    private static CrlRules.Action decide(StoredCrl mine, CrlSnapshot seen) {
        return CrlRules.decide(Optional.ofNullable(mine).map(StoredCrl::head), seen, Instant.now());
    }

    private byte[] adopt(StoredCrl crl) {
        StoredCrl mine = served;
        if (mine == null || crl.number() >= mine.number()) {
            served = crl;
            return crl.der();
        }
        return mine.der();
    }
}
