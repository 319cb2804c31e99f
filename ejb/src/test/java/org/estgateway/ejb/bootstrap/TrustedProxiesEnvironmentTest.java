// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.estgateway.ejb.config.EstEnvironment;
import org.junit.jupiter.api.Test;

/** EST_TRUSTED_PROXIES is read with the other EST_* variables; the bootstrap names it on a bad entry. */
class TrustedProxiesEnvironmentTest {
    @Test
    void unsetTrustsNoProxy() {
        EstEnvironment env = EstEnvironment.from(Map.of());
        assertTrue(env.trustedProxies().isEmpty());
        assertEquals("trusted proxies: none (Client-Cert and X-Forwarded-For headers are ignored)",
                BootstrapMain.trustedProxies(env));
    }

    @Test
    void theBootstrapShowsTheRangesItTrusts() {
        EstEnvironment env = EstEnvironment.from(Map.of("EST_TRUSTED_PROXIES", "127.0.0.2, 10.1.0.0/16"));
        assertTrue(env.trustedProxies().trusts("10.1.2.3"));
        assertEquals("trusted proxies: [127.0.0.2/32, 10.1.0.0/16] (their Client-Cert and X-Forwarded-For headers "
                + "are believed)", BootstrapMain.trustedProxies(env));
        assertTrue(BootstrapMain.trustedProxies(EstEnvironment.from(Map.of("EST_TRUSTED_PROXIES", "::/0")))
                .endsWith("; a /0 range trusts every address)"));
    }

    @Test
    void aMalformedEntryStopsTheStartNamingTheVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EstEnvironment.from(Map.of("EST_TRUSTED_PROXIES", "10.0.0.1,proxy.example.com")));
        assertEquals("EST_TRUSTED_PROXIES: 'proxy.example.com' is not an IP address or CIDR range "
                + "(e.g. 10.0.0.5, 10.1.0.0/16, fd00::/64)", e.getMessage());
    }
}
