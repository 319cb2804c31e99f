// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
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
                "pkcs11:library=/l.so;slot=1;key=ca;pin=1234", "pin= would write the PIN into the key location",
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

    @Test
    void pinReferencesAreResolvedAndKeptInTheTextNeverThePin(@TempDir Path dir) throws Exception {
        Path pinFile = Files.writeString(dir.resolve("plant.pin"), "4321\n");
        Map<String, String> env = Map.of("EST_CA_PKCS11_PIN_PLANT", "5555", "EST_CA_PKCS11_PIN", "1111");
        String fileText = "pkcs11:library=/l.so;token=cas;key=plant;pin-file=" + pinFile;
        CaKeyLocation.Pkcs11Token byFile = (CaKeyLocation.Pkcs11Token) CaKeyLocation.parse(fileText,
                PinReference.resolver(env), "est-ca");
        assertEquals(Secret.of("4321"), byFile.pin());
        assertEquals(fileText, byFile.text());
        CaKeyLocation.Pkcs11Token byEnv = (CaKeyLocation.Pkcs11Token) CaKeyLocation.parse(
                "pkcs11:library=/l.so;slot=3;key=plant;pin-env=EST_CA_PKCS11_PIN_PLANT", PinReference.resolver(env), "x");
        assertEquals(Secret.of("5555"), byEnv.pin());
        assertEquals("pkcs11:library=/l.so;slot=3;key=plant;pin-env=EST_CA_PKCS11_PIN_PLANT", byEnv.text());
        CaKeyLocation.Pkcs11Token byDefault = (CaKeyLocation.Pkcs11Token) CaKeyLocation.parse(
                "pkcs11:library=/l.so;slot=3;key=plant", PinReference.resolver(env), "x");
        assertEquals(Secret.of("1111"), byDefault.pin());
        assertEquals("pkcs11:library=/l.so;slot=3;key=plant", byDefault.text());
        CaKeyLocation.Pkcs11Token next = byFile.withKeyLabel("plant-g2");
        assertEquals("pkcs11:library=/l.so;token=cas;key=plant-g2;pin-file=" + pinFile, next.text());
        assertEquals(byFile.pin(), next.pin());
        for (String printed : List.of(byFile.text(), byFile.toString(), byEnv.text(), byEnv.toString())) {
            assertFalse(printed.contains("4321") || printed.contains("5555"), printed);
        }
    }

    @Test
    void badPinReferencesAreRefusedWithOneLine(@TempDir Path dir) {
        Map<String, String> env = Map.of("EST_DB_PASSWORD", "db-secret");
        Map<String, String> refusals = Map.of(
                "pkcs11:library=/l.so;slot=1;key=ca;pin-env=EST_DB_PASSWORD", "must name a variable EST_CA_PKCS11_PIN",
                "pkcs11:library=/l.so;slot=1;key=ca;pin-env=EST_CA_PKCS11_PIN_UNSET", "the variable is not set",
                "pkcs11:library=/l.so;slot=1;key=ca;pin-file=relative/pin", "not an absolute path",
                "pkcs11:library=/l.so;slot=1;key=ca;pin-file=" + dir.resolve("missing"), "cannot be read",
                "pkcs11:library=/l.so;slot=1;key=ca;pin-file=/p;pin-env=EST_CA_PKCS11_PIN_X", "one of pin-file= or pin-env=",
                "pkcs11:library=/l.so;slot=1;key=ca", "no PIN");
        refusals.forEach((text, expected) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CaKeyLocation.parse(text, PinReference.resolver(env), "est-ca"), text);
            assertTrue(e.getMessage().contains(expected), text + ": " + e.getMessage());
            assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("db-secret"), e.getMessage());
        });
    }

    @Test
    void literalPinIsRefusedWithoutEchoingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CaKeyLocation.parse(
                "pkcs11:library=/l.so;token=t;key=ca;pin=73519", PinReference.resolver(Map.of()), "est-ca"));
        assertTrue(e.getMessage().contains("pin-file=") && e.getMessage().contains("pin-env="), e.getMessage());
        assertFalse(e.getMessage().contains("73519"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CaKeyLocation.checkPkcs11("pkcs11:library=/l.so;token=t;key=ca;pin=1"));
        CaKeyLocation.checkPkcs11("pkcs11:library=/l.so;token=t;key=ca"); // no PIN needed to check the form
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CaKeyLocation.checkPkcs11(
                "pkcs11:library=/l.so;token=t;key=ca;so-pin=1")).getMessage().contains("unknown attribute so-pin="));
    }
}
