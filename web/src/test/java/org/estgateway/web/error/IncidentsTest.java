// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class IncidentsTest {
    @Test
    void theSummaryNamesTheCauseChainOnOnePrintableBoundedLine() {
        Exception failure = new IllegalStateException("outer", new RuntimeException("db\nforged line\u0000",
                new SQLException("invalid byte sequence")));
        String summary = Incidents.summary(failure);
        assertTrue(summary.startsWith("java.lang.IllegalStateException: outer <- java.lang.RuntimeException: db?forged line? <- "
                + "java.sql.SQLException: invalid byte sequence"), summary);
        assertFalse(summary.contains("\n"));
        assertTrue(Incidents.summary(new RuntimeException("x".repeat(5000))).length() <= Incidents.MAX_SUMMARY + 3);
        assertEquals(SQLException.class, Incidents.rootOf(failure).getClass());
    }

    @Test
    void incidentIdsAreRandomHex() {
        String a = Incidents.newId();
        assertTrue(a.matches("[0-9a-f]{12}"), a);
        assertNotEquals(a, Incidents.newId());
    }

    @Test
    void containerLimitsAreTheClientsFaultNotA500() {
        assertEquals(new Refusal(400, "too many cookies"), Refusal.of(new IllegalStateException(
                "UT000046: The number of cookies sent exceeded the maximum of 200")).orElseThrow());
        assertEquals(400, Refusal.of(new RuntimeException("wrapped", new IllegalStateException("UT000047: too many"))).orElseThrow().status());
        assertTrue(Refusal.of(new NullPointerException()).isEmpty());
        assertEquals(new Refusal(415, "unsupported charset"), Refusal.of(new RuntimeException(
                new java.io.UnsupportedEncodingException("ebcdic"))).orElseThrow());
        assertEquals(new Refusal(404, "not found"), Refusal.ofStatus(404));
        assertEquals(500, Refusal.ofStatus(302).status());
    }
}
