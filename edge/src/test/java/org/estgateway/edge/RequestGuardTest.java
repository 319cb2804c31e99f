// SPDX-License-Identifier: Apache-2.0
package org.estgateway.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestGuardTest {
    @Test
    void ordinaryRequestsPass() {
        assertNull(RequestGuard.problem("/.well-known/est/cacerts", null));
        assertNull(RequestGuard.problem("/api/v1/devices", List.of("a=b; c=d", "e=f")));
    }

    @Test
    void moreCookiesThanUndertowParsesAreRefusedCountingEveryHeader() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            many.add("c" + i + "=v");
        }
        assertEquals("too many cookies", RequestGuard.problem("/", List.of(String.join("; ", many))));
        assertNull(RequestGuard.problem("/", List.of(String.join("; ", many.subList(0, RequestGuard.MAX_COOKIES)))));
        assertEquals("too many cookies", RequestGuard.problem("/", many));
        assertEquals("too many cookies", RequestGuard.problem("/", List.of(String.join(", ", many))));
    }

    @Test
    void controlCharactersInCookiesAndTargetsThatAreNoPathAreRefused() {
        assertEquals("malformed cookie", RequestGuard.problem("/", List.of("JSESSIONID=\u0000x")));
        assertEquals("malformed cookie", RequestGuard.problem("/", List.of("a=b\u007f")));
        assertNull(RequestGuard.problem("/", List.of("a=b;\tc=d")));
        assertEquals("the request target must be a path", RequestGuard.problem("*", null));
        assertEquals("the request target must be a path", RequestGuard.problem("", null));
    }
}
