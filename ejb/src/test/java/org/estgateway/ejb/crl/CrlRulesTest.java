// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.crl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.estgateway.ejb.crl.CrlRules.Action;
import org.estgateway.persistence.crl.CrlHead;
import org.estgateway.persistence.crl.CrlSnapshot;
import org.junit.jupiter.api.Test;

class CrlRulesTest {
    static final Instant T = Instant.parse("2026-05-01T10:00:00Z");
    static final String STATE = "3:2026-05-01T09:59:00.000000";

    static CrlHead crl(long number, String state, Instant thisUpdate) {
        return new CrlHead(number, state, thisUpdate, CrlRules.nextUpdate(thisUpdate));
    }

    static CrlSnapshot seen(String state, CrlHead latest) {
        return new CrlSnapshot(state, Optional.ofNullable(latest));
    }

    @Test
    void aCrlBuiltFromTheCurrentStateIsCurrentUntilHalfItsValidity() {
        assertTrue(CrlRules.isCurrent(crl(5, STATE, T), STATE, T));
        assertTrue(CrlRules.isCurrent(crl(5, STATE, T), STATE, T.plus(Duration.ofHours(12)).minusSeconds(1)));
        assertFalse(CrlRules.isCurrent(crl(5, STATE, T), STATE, T.plus(Duration.ofHours(12))));
    }

    @Test
    void aCrlBuiltFromAnotherRevocationStateIsNotCurrent() {
        assertFalse(CrlRules.isCurrent(crl(5, "2:2026-05-01T09:00:00.000000", T), STATE, T.plusSeconds(1)));
    }

    @Test
    void aCrlPastItsNextUpdateIsNotCurrentWhateverItsThisUpdate() {
        assertFalse(CrlRules.isCurrent(new CrlHead(5, STATE, T, T.plusSeconds(60)), STATE, T.plusSeconds(60)));
    }

    @Test
    void theCachedCrlIsServedWhileItIsTheLatestStoredAndCurrent() {
        assertEquals(Action.SERVE_CACHED, CrlRules.decide(Optional.of(crl(5, STATE, T)), seen(STATE, crl(5, STATE, T)), T));
    }

    @Test
    void aNewerStoredCrlIsLoadedNotTheCachedOneServed() {
        // another node built number 6: this node must not keep serving 5
        assertEquals(Action.LOAD_LATEST, CrlRules.decide(Optional.of(crl(5, STATE, T)), seen(STATE, crl(6, STATE, T)), T));
    }

    @Test
    void aCachedCrlNewerThanTheSnapshotIsServed() {
        // built by another thread of this node after this fetch read the database: never step back to 5
        assertEquals(Action.SERVE_CACHED, CrlRules.decide(Optional.of(crl(6, STATE, T)), seen("2:x", crl(5, "2:x", T)), T));
    }

    @Test
    void aRevocationSinceTheLatestCrlBuildsTheNext() {
        assertEquals(Action.BUILD, CrlRules.decide(Optional.of(crl(5, "2:x", T)), seen(STATE, crl(5, "2:x", T)), T));
    }

    @Test
    void aLatestCrlDueForRefreshBuildsTheNext() {
        assertEquals(Action.BUILD, CrlRules.decide(Optional.of(crl(5, STATE, T)), seen(STATE, crl(5, STATE, T)),
                T.plus(Duration.ofHours(13))));
    }

    @Test
    void aFreshDatabaseBuildsTheFirstAndAFreshNodeLoadsTheLatest() {
        assertEquals(Action.BUILD, CrlRules.decide(Optional.empty(), seen("0:-", null), T));
        assertEquals(Action.LOAD_LATEST, CrlRules.decide(Optional.empty(), seen(STATE, crl(9, STATE, T)), T));
    }

    @Test
    void theNextNumberIsStrictlyGreaterThanTheLatestEvenAfterASequenceReset() {
        assertEquals(7, CrlRules.nextNumber(7, Optional.of(crl(5, STATE, T))));
        assertEquals(6, CrlRules.nextNumber(1, Optional.of(crl(5, STATE, T))));
        assertEquals(1, CrlRules.nextNumber(1, Optional.empty()));
    }

    @Test
    void thisUpdateIsWholeSecondsAndTheValidityADay() {
        Instant thisUpdate = CrlRules.thisUpdate(T.plusMillis(1500), Optional.of(crl(5, STATE, T)));
        assertEquals(T.plusSeconds(1), thisUpdate);
        assertEquals(thisUpdate.plus(Duration.ofDays(1)), CrlRules.nextUpdate(thisUpdate));
    }

    @Test
    void aNodeWithAClockBehindNeverPublishesAnEarlierThisUpdate() {
        Instant latest = T.plusSeconds(30); // signed by a node whose clock is 30 s ahead
        assertEquals(latest, CrlRules.thisUpdate(T, Optional.of(crl(5, STATE, latest))));
        assertEquals(T, CrlRules.thisUpdate(T, Optional.empty()));
    }
}
