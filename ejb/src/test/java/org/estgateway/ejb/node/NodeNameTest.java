// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.estgateway.ejb.config.ConfigurationException;
import org.junit.jupiter.api.Test;

class NodeNameTest {
    @Test
    void configuredNameIsUsedAsIs() {
        assertEquals("gw-a.eu_1", NodeName.resolve(Map.of("EST_NODE_NAME", "gw-a.eu_1"), "host", "0").value());
    }

    @Test
    void defaultNameIsHostNamePlusPortOffset() {
        assertEquals("gw1-0", NodeName.resolve(Map.of(), "gw1", "0").value());
        assertEquals("gw1.example.com-200", NodeName.resolve(Map.of(), "gw1.example.com", "200").value());
        assertEquals("gw1-0", NodeName.resolve(Map.of("EST_NODE_NAME", "  "), "gw1", null).value(), "blank = unset");
    }

    @Test
    void defaultNameShortensAnOverlongHostNameToFit() {
        NodeName n = NodeName.resolve(Map.of(), "h".repeat(70), "1900");
        assertEquals(NodeName.MAX_LENGTH, n.value().length());
        assertTrue(n.value().endsWith("h-1900"), n.value());
    }

    @Test
    void invalidNamesAreRefusedWithTheRuleAndNoControlCharacters() {
        for (String bad : new String[] {"gw 1", "gw/1", "gw1\n", "-gw", ".gw", "gw\u00e9", "?", "x".repeat(65), "a;b",
                "gw1\u0000"}) {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> NodeName.resolve(Map.of("EST_NODE_NAME", bad), "h", "0"), bad);
            assertTrue(e.getMessage().contains("EST_NODE_NAME"), e.getMessage());
            assertTrue(e.getMessage().contains("at most 64 characters"), e.getMessage());
            assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7f), e.getMessage());
        }
        assertEquals(64, NodeName.of("x".repeat(64)).value().length());
    }

    @Test
    void anInvalidDefaultAsksForEstNodeName() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> NodeName.resolve(Map.of(), "host_with space", "0"));
        assertTrue(e.getMessage().contains("set EST_NODE_NAME"), e.getMessage());
        assertThrows(ConfigurationException.class, () -> NodeName.resolve(Map.of(), "h", "1e3"));
    }

    @Test
    void shortNamesAreTheirOwnTransactionNodeIdentifier() {
        assertEquals("gw1-0", NodeName.of("gw1-0").txNodeId());
        String exactly23 = "a".repeat(23);
        assertEquals(exactly23, NodeName.of(exactly23).txNodeId());
    }

    @Test
    void longNamesAreShortenedDeterministicallyToTwentyThreeBytes() {
        String name = "gateway-frankfurt-rack7-01";
        String id = NodeName.of(name).txNodeId();
        assertEquals(NodeName.TX_NODE_ID_MAX_BYTES, id.getBytes(StandardCharsets.UTF_8).length, id);
        assertTrue(id.matches("gateway-frankf-[0-9a-f]{8}"), id);
        assertEquals(id, NodeName.of(name).txNodeId(), "the same name gives the same identifier (recovery)");
        assertNotEquals(id, NodeName.of("gateway-frankfurt-rack7-02").txNodeId(), "a common prefix is not enough");
    }

    @Test
    void transactionNodeIdentifiersOfManyLongNamesDiffer() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = NodeName.of("est-gateway-node-number-" + i).txNodeId();
            assertTrue(id.length() <= NodeName.TX_NODE_ID_MAX_BYTES, id);
            ids.add(id);
        }
        assertEquals(10_000, ids.size());
    }

    @Test
    void lockKeyIsStablePositiveAndDiffersPerName() {
        long k = NodeName.of("gw1-0").lockKey();
        assertEquals(k, NodeName.of("gw1-0").lockKey());
        assertTrue(k >= 0);
        assertNotEquals(k, NodeName.of("gw1-200").lockKey());
    }
}
