// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.crl;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.estgateway.persistence.crl.CrlHead;
import org.estgateway.persistence.crl.CrlSnapshot;

/**
 * When a CRL may still be served, what a fetch does, and the number of the next CRL. A CRL is current while it
 * was built from the revocation state the database has now and less than {@link #REFRESH_AFTER} ago (RFC 5280
 * §5.1.2.5: a new one well before nextUpdate).
 */
public final class CrlRules {
    static final Duration VALIDITY = Duration.ofHours(24);
    static final Duration REFRESH_AFTER = Duration.ofHours(12);
    /** Rows kept in table crl: the latest, and those not yet past nextUpdate, at most this many. */
    static final int KEEP_AT_MOST = 100;

    /** What a fetch does: serve the node's cached DER, load the latest stored CRL, or build the next one. */
    public enum Action {
        SERVE_CACHED, LOAD_LATEST, BUILD
    }

    private CrlRules() {
    }

    public static boolean isCurrent(CrlHead crl, String revocationState, Instant now) {
        return crl.revocationState().equals(revocationState) && now.isBefore(crl.thisUpdate().plus(REFRESH_AFTER))
                && now.isBefore(crl.nextUpdate());
    }

    /**
     * {@code cached}: what this node served last (it never serves a lower number afterwards); {@code seen}: the
     * database as read for this fetch. A cached CRL newer than the latest row seen was stored after that read
     * (by another thread of this node), so it is at least as current as anything the read could offer.
     */
    public static Action decide(Optional<CrlHead> cached, CrlSnapshot seen, Instant now) {
        Optional<CrlHead> latest = seen.latest();
        if (cached.isPresent() && latest.isPresent()) {
            long mine = cached.get().number();
            long stored = latest.get().number();
            if (mine > stored || (mine == stored && isCurrent(latest.get(), seen.revocationState(), now))) {
                return Action.SERVE_CACHED;
            }
        }
        return latest.isPresent() && isCurrent(latest.get(), seen.revocationState(), now) ? Action.LOAD_LATEST : Action.BUILD;
    }

    /**
     * RFC 5280 §5.2.3: strictly greater than the latest stored number, even if crl_number_seq was reset (a restore
     * that kept table crl but not the sequence).
     */
    public static long nextNumber(long fromSequence, Optional<CrlHead> latest) {
        return latest.map(l -> Math.max(fromSequence, l.number() + 1)).orElse(fromSequence);
    }

    /**
     * Whole seconds, and never before the latest CRL's thisUpdate: a node whose clock is behind another's must not
     * publish a higher number that looks older (relying parties that compare thisUpdate would keep the old one).
     */
    public static Instant thisUpdate(Instant now, Optional<CrlHead> latest) {
        Instant mine = now.truncatedTo(ChronoUnit.SECONDS);
        return latest.map(CrlHead::thisUpdate).filter(t -> t.isAfter(mine)).orElse(mine);
    }

    public static Instant nextUpdate(Instant thisUpdate) {
        return thisUpdate.plus(VALIDITY);
    }
}
