// SPDX-License-Identifier: Apache-2.0
package org.estgateway.persistence.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class AuditEventTest {
    @Test
    void valuesARequestClaimedAreStorableWhateverTheyHold() {
        assertNull(AuditEvent.storable(null, 10));
        assertEquals("dev1", AuditEvent.storable("dev1", 10));
        assertEquals("a\uFFFDb", AuditEvent.storable("a\u0000b", 10));
        assertEquals("x".repeat(AuditEvent.SUBJECT_TEXT) + "...",
                AuditEvent.storable("x".repeat(4096), AuditEvent.SUBJECT_TEXT));
    }

    @Test
    void anEventCarriesTheNodeThatWritesIt() {
        AuditEvent.Fields f = new AuditEvent.Fields("ENROLL", "SUCCESS", "dev1", "HTTP_BASIC", null, null, null, null,
                200, null);
        assertEquals("gw1-0", AuditEvent.of(f, "gw1-0").node());
        assertNull(AuditEvent.of(f).node());
    }

    @Test
    void anEventCarriesItsCaWhenItHasOne() {
        AuditEvent.Fields f = new AuditEvent.Fields("CERTIFICATE_REVOKED", "SUCCESS", "admin", "HTTP_BASIC", null, null,
                "CN=d", "1f", 200, "keyCompromise");
        assertNull(AuditEvent.of(f, "gw1-0").ca());
        AuditEvent e = AuditEvent.of(f.withCa("second"), "gw1-0");
        assertEquals("second", e.ca());
        assertEquals("gw1-0", e.node());
        assertEquals("1f", f.withCa("second").serialHex());
    }
}
