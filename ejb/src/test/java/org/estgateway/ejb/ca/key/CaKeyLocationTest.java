// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.estgateway.ejb.config.EstEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaKeyLocationTest {
    private static final Optional<Secret> PIN = Optional.of(Secret.of("1234"));

    @Test
    void pkcs11WithTokenLabelParses() {
        CaKeyLocation location = CaKeyLocation.parse(
                "pkcs11:library=/usr/lib/softhsm/libsofthsm2.so;token=est-ca;key=ca-2026", PIN, "est-ca");
        CaKeyLocation.Pkcs11Token token = (CaKeyLocation.Pkcs11Token) location;
        assertEquals(Path.of("/usr/lib/softhsm/libsofthsm2.so"), token.library());
        assertEquals(Optional.of("est-ca"), token.tokenLabel());
        assertEquals(Optional.empty(), token.slot());
        assertEquals("ca-2026", token.keyLabel());
        assertEquals("1234", new String(token.pin().chars()));
    }

    @Test
    void pkcs11WithSlotParses() {
        CaKeyLocation.Pkcs11Token token = (CaKeyLocation.Pkcs11Token) CaKeyLocation.parse(
                " pkcs11: library = /opt/hsm/lib.so ; slot=325516028 ; key=ca ", PIN, "est-ca");
        assertEquals(Optional.of(325516028L), token.slot());
        assertEquals(Optional.empty(), token.tokenLabel());
    }

    @Test
    void pkcs12ParsesWithDefaultAlias() {
        assertEquals(new CaKeyLocation.Pkcs12File(Path.of("/data/ca.p12"), "est-ca"),
                CaKeyLocation.parse("pkcs12:file=/data/ca.p12", Optional.empty(), "est-ca"));
        assertEquals(new CaKeyLocation.Pkcs12File(Path.of("/data/ca.p12"), "mine"),
                CaKeyLocation.parse("PKCS12:file=/data/ca.p12;alias=mine", Optional.empty(), "est-ca"));
    }

    @Test
    void malformedLocationsAreRefusedWithOneLine() {
        Map<String, String> refusals = Map.of(
                "pkcs11:library=/l.so;key=ca", "exactly one of slot= or token=",
                "pkcs11:library=/l.so;slot=1;token=t;key=ca", "exactly one of slot= or token=",
                "pkcs11:library=/l.so;slot=1", "key=",
                "pkcs11:slot=1;key=ca", "library= is missing",
                "pkcs11:library=/l.so;slot=one;key=ca", "slot=one is not a slot number",
                "pkcs11:library=/l.so;slot=1;key=ca;pin=1234", "unknown attribute pin=",
                "pkcs11:library=/l.so;slot=1;slot=2;key=ca", "slot= given twice",
                "hsm:library=/l.so", "unknown key location 'hsm:'",
                "/data/ca.p12", "is not pkcs12:file=... or pkcs11:library=...",
                "pkcs12:file=", "'file=' is not name=value");
        refusals.forEach((text, expected) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CaKeyLocation.parse(text, PIN, "est-ca"), text);
            assertTrue(e.getMessage().contains(expected), text + ": " + e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        });
    }

    @Test
    void pkcs11WithoutPinIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CaKeyLocation.parse("pkcs11:library=/l.so;slot=1;key=ca", Optional.empty(), "est-ca"));
        assertTrue(e.getMessage().contains("EST_CA_PKCS11_PIN"), e.getMessage());
    }

    @Test
    void pinIsMaskedWhereverTheLocationIsPrinted() {
        CaKeyLocation location = CaKeyLocation.parse("pkcs11:library=/l.so;token=t;key=ca",
                Optional.of(Secret.of("s3cr3t-pin")), "est-ca");
        for (String printed : new String[] {location.toString(), location.describe(),
                ((CaKeyLocation.Pkcs11Token) location).pin().toString()}) {
            assertFalse(printed.contains("s3cr3t-pin"), printed);
        }
        assertEquals("****", Secret.of("s3cr3t-pin").toString());
        assertTrue(location.toString().contains("pin=****"), location.toString());
    }

    @Test
    void environmentDefaultsToTheDataDirectoryFile(@TempDir Path dir) {
        EstEnvironment env = EstEnvironment.from(Map.of("EST_DATA_DIR", dir.toString()));
        assertEquals(new CaKeyLocation.Pkcs12File(dir.resolve("ca/ca.p12"), "est-ca"), env.caKeyLocation());
    }

    @Test
    void environmentReadsThePinFromAFileOrAVariable(@TempDir Path dir) throws Exception {
        Path pinFile = dir.resolve("pin");
        Files.writeString(pinFile, "9876\n");
        Map<String, String> variables = new HashMap<>(Map.of("EST_DATA_DIR", dir.toString(),
                "EST_CA_KEY_LOCATION", "pkcs11:library=/l.so;token=est-ca;key=ca", "EST_CA_PKCS11_PIN_FILE",
                pinFile.toString()));
        assertEquals(Secret.of("9876"), ((CaKeyLocation.Pkcs11Token) EstEnvironment.from(variables).caKeyLocation()).pin());
        variables.put("EST_CA_PKCS11_PIN", "1111");
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> EstEnvironment.from(variables));
        assertTrue(both.getMessage().contains("both set"), both.getMessage());
        variables.remove("EST_CA_PKCS11_PIN_FILE");
        assertEquals(Secret.of("1111"), ((CaKeyLocation.Pkcs11Token) EstEnvironment.from(variables).caKeyLocation()).pin());
        variables.put("EST_CA_KEY_LOCATION", "pkcs11:library=/l.so;key=ca");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> EstEnvironment.from(variables));
        assertTrue(bad.getMessage().startsWith("EST_CA_KEY_LOCATION: "), bad.getMessage());
        assertFalse(bad.getMessage().contains("1111"), bad.getMessage());
    }

    @Test
    void unreadablePinFileIsNamed(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EstEnvironment.from(Map.of(
                "EST_DATA_DIR", dir.toString(), "EST_CA_KEY_LOCATION", "pkcs11:library=/l.so;token=t;key=ca",
                "EST_CA_PKCS11_PIN_FILE", dir.resolve("missing").toString())));
        assertTrue(e.getMessage().contains("EST_CA_PKCS11_PIN_FILE") && e.getMessage().contains("cannot be read"),
                e.getMessage());
    }
}
