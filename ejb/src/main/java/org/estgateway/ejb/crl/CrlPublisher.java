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
 * The CRL of each CA, served at {@code /crl} (default CA) and {@code /crl/<name>}: the CA's latest row of table crl, the same on every node (RFC 5280 §5.2.3: CRL
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
    @EJB
    org.estgateway.ejb.ca.CaRegistry registry;

    /** Per CA: the lock of its refresh, and the CRL this node served last. */
    private final java.util.concurrent.ConcurrentMap<String, Object> refresh = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentMap<String, StoredCrl> served = new java.util.concurrent.ConcurrentHashMap<>();

    /** The default CA's first key generation's CRL ({@code /crl}). */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public byte[] current() {
        return current(org.estgateway.persistence.ca.CaRepository.DEFAULT, 1);
    }

    /** The CRL of the CA {@code ca}'s first key generation ({@code /crl/<name>}; the caller checked that the CA exists). */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public byte[] current(String ca) {
        return current(ca, 1);
    }

    /**
     * The CRL of key generation {@code generation} of the CA {@code ca} ({@code /crl/<name>/<generation>}): 404 with
     * the reason for an unknown CA or generation, and for a previous generation whose certificate has expired.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public byte[] current(String ca, int generation) {
        registry.crlIssuer(ca).orElseThrow(() -> new org.estgateway.ejb.error.NotFound("no CA named '"
                + ca.replaceAll("[^A-Za-z0-9_-]", "?") + "'"))
                .crlSigner(generation, Instant.now());
        String series = ca + "/" + generation;
        CrlSnapshot seen = store.snapshot(ca, generation);
        StoredCrl mine = served.get(series);
        if (decide(mine, seen) == CrlRules.Action.SERVE_CACHED) {
            return mine.der();
        }
        synchronized (refresh.computeIfAbsent(series, k -> new Object())) {
            StoredCrl cached = served.get(series);
            return switch (decide(cached, seen)) {
                case SERVE_CACHED -> cached.der();
                case LOAD_LATEST -> adopt(series, store.load(ca, generation, seen.latest().orElseThrow().number()));
                case BUILD -> adopt(series, store.latestOrBuild(ca, generation));
            };
        }
    }

    private static CrlRules.Action decide(StoredCrl mine, CrlSnapshot seen) {
        return CrlRules.decide(Optional.ofNullable(mine).map(StoredCrl::head), seen, Instant.now());
    }

    private byte[] adopt(String series, StoredCrl crl) {
        StoredCrl mine = served.get(series);
        if (mine == null || crl.number() >= mine.number()) {
            served.put(series, crl);
            return crl.der();
        }
        return mine.der();
    }
}
