// SPDX-License-Identifier: Apache-2.0
package org.estgateway.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrustedProxiesTest {
    @Test
    void unsetOrBlankTrustsNoOne() {
        for (String value : new String[] {null, "", "  ", " , ,"}) {
            TrustedProxies none = TrustedProxies.parse(value);
            assertTrue(none.isEmpty());
            assertFalse(none.trusts("127.0.0.1"));
        }
    }

    @Test
    void singleAddressesTrustExactlyThemselves() {
        TrustedProxies p = TrustedProxies.parse("127.0.0.2, 10.0.0.5 ,::1");
        assertTrue(p.trusts("127.0.0.2"));
        assertTrue(p.trusts("10.0.0.5"));
        assertTrue(p.trusts("0:0:0:0:0:0:0:1"));
        assertTrue(p.trusts("::1"));
        assertFalse(p.trusts("127.0.0.1"));
        assertFalse(p.trusts("10.0.0.6"));
        assertFalse(p.trusts("::2"));
        assertEquals("[127.0.0.2/32, 10.0.0.5/32, 0:0:0:0:0:0:0:1/128]", p.toString());
    }

    @Test
    void cidrRangesCoverTheirNetworkOnly() {
        TrustedProxies p = TrustedProxies.parse("10.1.0.0/16,192.168.7.128/25,fd00:ab::/32");
        assertTrue(p.trusts("10.1.0.0"));
        assertTrue(p.trusts("10.1.255.255"));
        assertFalse(p.trusts("10.2.0.0"));
        assertFalse(p.trusts("10.0.255.255"));
        assertTrue(p.trusts("192.168.7.128"));
        assertTrue(p.trusts("192.168.7.255"));
        assertFalse(p.trusts("192.168.7.127"));
        assertTrue(p.trusts("fd00:ab:1::5"));
        assertFalse(p.trusts("fd00:ac::5"));
        assertFalse(p.trusts("10.1.0.0/16"), "a range is not an address");
    }

    @Test
    void hostBitsOfARangeAreCleared() {
        TrustedProxies p = TrustedProxies.parse("10.0.0.5/24");
        assertEquals("[10.0.0.0/24]", p.toString());
        assertTrue(p.trusts("10.0.0.200"));
    }

    @Test
    void prefixZeroTrustsAFamilyAndSaysSo() {
        TrustedProxies p = TrustedProxies.parse("0.0.0.0/0");
        assertTrue(p.trustsEveryone());
        assertTrue(p.trusts("203.0.113.9"));
        assertFalse(p.trusts("2001:db8::1"), "an IPv4 range never covers IPv6");
        assertFalse(TrustedProxies.parse("10.0.0.0/8").trustsEveryone());
    }

    @Test
    void ipv4MappedIpv6IsTheIpv4Address() throws Exception {
        TrustedProxies p = TrustedProxies.parse("::ffff:127.0.0.2");
        assertTrue(p.trusts("127.0.0.2"));
        assertTrue(p.trusts(InetAddress.getByName("::ffff:127.0.0.2")));
    }

    @Test
    void malformedEntriesAreRefusedWithTheirName() {
        List<String> bad = List.of("localhost", "example.com", "10.0.0", "10.0.0.256", "010.0.0.1", "10.0.0.1/33",
                "10.0.0.1/", "10.0.0.1/-1", "10.0.0.1/08", "::1/129", "fe80::1%eth0", "1:2", "10.0.0.1 10.0.0.2",
                "*", "10.0.0.1/8/8", "[::1]", "0x7f000001", "2130706433", "1.2.3.4:80", "::g");
        for (String entry : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TrustedProxies.parse("127.0.0.2," + entry), entry);
            assertTrue(e.getMessage().startsWith("EST_TRUSTED_PROXIES: '" + entry + "' is not an IP address or CIDR range"),
                    e.getMessage());
        }
    }

    @Test
    void theRefusalShowsALongOrBinaryEntryBounded() {
        String hostile = "x".repeat(1000) + "\n\u0000";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse(hostile));
        assertTrue(e.getMessage().length() < 200, e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void parseOrNoneWarnsAndTrustsNoOne() {
        List<String> warnings = new ArrayList<>();
        assertTrue(TrustedProxies.parseOrNone("10.0.0.0/40", warnings::add).isEmpty());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).endsWith("no proxy is trusted"));
    }

    @Test
    void literalsNeverResolveNames() {
        assertTrue(TrustedProxies.literal("localhost").isEmpty());
        assertTrue(TrustedProxies.literal("abc").isEmpty());
        assertTrue(TrustedProxies.literal("dead:beef::zz").isEmpty());
        assertTrue(TrustedProxies.literal(null).isEmpty());
        assertEquals("2001:db8:0:0:0:0:0:1", TrustedProxies.literal("2001:DB8::1").orElseThrow().getHostAddress());
        assertEquals("192.0.2.1", TrustedProxies.literal("192.0.2.1").orElseThrow().getHostAddress());
    }
}
