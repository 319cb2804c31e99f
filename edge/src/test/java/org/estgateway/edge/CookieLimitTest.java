// SPDX-License-Identifier: Apache-2.0
package org.estgateway.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CookieLimitTest {
    @Test
    void countsEveryCookieAcrossHeadersAndNeverFewerThanUndertowParses() {
        assertEquals(0, CookieLimit.count(null));
        assertEquals(1, CookieLimit.count(List.of("a=b")));
        assertEquals(3, CookieLimit.count(List.of("a=b; c=d", "e=f")));
        assertEquals(2, CookieLimit.count(List.of("a=b, c=d")));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            many.add("c" + i + "=v");
        }
        assertTrue(CookieLimit.count(List.of(String.join("; ", many))) > CookieLimit.MAX);
        assertEquals(CookieLimit.MAX, CookieLimit.count(List.of(String.join("; ", many.subList(0, CookieLimit.MAX)))));
    }
}
