// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.estgateway.ejb.error.MalformedRequest;
import org.estgateway.ejb.error.PayloadTooLarge;
import org.junit.jupiter.api.Test;

class JsonBodyTest {
    static final Set<String> MEMBERS = Set.of("commonName", "password", "enabled");

    @Test
    void aPlainObjectIsRead() {
        JsonBody b = JsonBody.parse("{\"commonName\":\"dev-1 [x] {y}\",\"password\":\"p\\\"w\\\\\",\"enabled\":true}", MEMBERS);
        assertEquals("dev-1 [x] {y}", b.string("commonName"));
        assertEquals("p\"w\\", b.string("password"));
    }

    @Test
    void deepNestingHugeNumbersAndOversizedBodiesAreRefusedBeforeParsing() {
        assertEquals("JSON nested deeper than 8 levels", assertThrows(MalformedRequest.class,
                () -> JsonBody.parse("[".repeat(100_000) + "]".repeat(100_000), MEMBERS)).getMessage());
        assertEquals("JSON number longer than 20 characters", assertThrows(MalformedRequest.class,
                () -> JsonBody.parse("{\"password\":" + "9".repeat(1_000) + "}", MEMBERS)).getMessage());
        assertThrows(PayloadTooLarge.class, () -> JsonBody.parse("{\"password\":" + "9".repeat(1_000_000) + "}", MEMBERS));
        assertThrows(PayloadTooLarge.class, () -> JsonBody.parse("{\"password\":\"" + "x".repeat(300_000) + "\"}", MEMBERS));
    }

    @Test
    void stringsWithNulOrControlCharactersAreRefusedNamingTheMember() {
        assertEquals("'commonName' contains a control character", assertThrows(MalformedRequest.class,
                () -> JsonBody.parse("{\"commonName\":\"a\\u0000b\"}", MEMBERS)).getMessage());
        assertEquals("unknown member", assertThrows(MalformedRequest.class,
                () -> JsonBody.parse("{\"a\\u0000\":1}", MEMBERS)).getMessage());
    }

    @Test
    void pemMembersMayHoldLineBreaksButNoOtherControlCharacters() {
        Set<String> members = Set.of("certificate", "commonName");
        String pem = "-----BEGIN CERTIFICATE-----\\r\\nMIIB\\n-----END CERTIFICATE-----\\n";
        assertEquals("-----BEGIN CERTIFICATE-----\r\nMIIB\n-----END CERTIFICATE-----\n",
                JsonBody.parse("{\"certificate\":\"" + pem + "\"}", members).string("certificate"));
        assertThrows(MalformedRequest.class, () -> JsonBody.parse("{\"certificate\":\"a\\u0000\"}", members));
        assertThrows(MalformedRequest.class, () -> JsonBody.parse("{\"commonName\":\"a\\nb\"}", members));
    }

    @Test
    void bracketsAndDigitsInsideStringsDoNotCount() {
        JsonBody.parse("{\"commonName\":\"" + "[".repeat(50) + "9".repeat(50) + "\"}", MEMBERS);
    }
}
