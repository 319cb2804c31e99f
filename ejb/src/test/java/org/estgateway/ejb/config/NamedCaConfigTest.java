// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** procedure.&lt;id&gt;.ca and ca.&lt;name&gt;.create (issue 14). */
class NamedCaConfigTest {
    static final String HANDLERS = "handler.1.filter = simpleenroll\nhandler.1.format = est-simpleenroll\n"
            + "handler.2.filter = two/cacerts\nhandler.2.format = est-cacerts\nhandler.2.tokenprocedure = two\n";

    @TempDir
    Path dir;

    EstConfig parse(String text) throws IOException {
        Path file = dir.resolve("est.properties");
        Files.writeString(file, text);
        return EstConfig.load(Optional.of(file));
    }

    @Test
    void procedureNamesItsCaAndDefaultsToTheDefaultCa() throws IOException {
        EstConfig c = parse(HANDLERS + "procedure.two.ca = plant-2\nca.plant-2.create = rsa-3072\n");
        assertEquals("plant-2", c.procedures().get("two").ca());
        assertEquals("default", c.handlers().get(0).procedure().ca());
        assertEquals("plant-2", c.handlers().get(1).procedure().ca());
        assertEquals(Set.of("default", "plant-2"), c.caNames());
        assertEquals(Map.of("plant-2", KeyType.RSA_3072), c.createdCas());
        assertEquals(Map.of(), parse(HANDLERS + "procedure.two.name = two\n").createdCas());
    }

    @Test
    void badNamesAndKeyTypesAreConfigurationErrorsNamingTheKey() {
        assertTrue(refused(HANDLERS + "procedure.two.ca = Plant 2\n").getMessage().contains("procedure.two.ca"));
        assertTrue(refused(HANDLERS + "procedure.two.ca = ../x\n").getMessage().contains("procedure.two.ca"));
        assertTrue(refused(HANDLERS + "procedure.two.name = two\nca.p2.create = dsa\n").getMessage().contains("ca.p2.create"));
        assertTrue(refused(HANDLERS + "procedure.two.name = two\nca.default.create = ec-p256\n").getMessage()
                .contains("ca.default.create"));
        assertTrue(refused(HANDLERS + "procedure.two.name = two\nca.p2.keytype = ec-p256\n").getMessage()
                .contains("ca.p2.keytype"));
    }

    @Test
    void theProceduresNamingACaAreListedSoItCanBeNeitherDeletedNorRetired() throws IOException {
        EstConfig c = parse(HANDLERS + "procedure.two.ca = plant-2\nprocedure.two.name = Plant Two\n"
                + "procedure.three.ca = plant-2\nca.plant-2.create = ec-p256\n");
        assertEquals(java.util.List.of("'three'", "'two' (Plant Two)"), c.proceduresNaming("plant-2"));
        assertEquals(java.util.List.of(), c.proceduresNaming("plant-3"));
        assertEquals(1, c.proceduresNaming("default").size(), c.proceduresNaming("default").toString());
    }

    @Test
    void caKeyNamesATokenLocationWithPinReferencesOnly() throws IOException {
        String location = "pkcs11:library=/usr/lib/softhsm/libsofthsm2.so;token=est-cas;key=plant-2;"
                + "pin-file=/etc/est/cas.pin";
        EstConfig c = parse(HANDLERS + "procedure.two.ca = plant-2\nca.plant-2.create = ec-p256\nca.plant-2.key = "
                + location + "\n");
        assertEquals(Map.of("plant-2", location), c.caKeyLocations());
        assertEquals(Map.of(), parse(HANDLERS + "procedure.two.name = two\n").caKeyLocations());
    }

    @Test
    void badCaKeysAreConfigurationErrorsNamingTheKey() {
        String create = HANDLERS + "procedure.two.name = two\nca.p2.create = ec-p256\n";
        ConfigurationException literal = refused(create + "ca.p2.key = pkcs11:library=/l.so;slot=0;key=k;pin=1234\n");
        assertTrue(literal.getMessage().contains("ca.p2.key") && literal.getMessage().contains("pin-file="),
                literal.getMessage());
        assertTrue(!literal.getMessage().contains("1234"), literal.getMessage());
        assertTrue(refused(create + "ca.p2.key = pkcs12:file=/x.p12\n").getMessage().contains("not a pkcs11: location"));
        assertTrue(refused(create + "ca.p2.key = pkcs11:library=/l.so;key=k\n").getMessage()
                .contains("exactly one of slot= or token="));
        assertTrue(refused(create + "ca.p2.key = pkcs11:library=/l.so;slot=0;key=k;pin-env=EST_DB_PASSWORD\n")
                .getMessage().contains("EST_CA_PKCS11_PIN"));
        assertTrue(refused(HANDLERS + "procedure.two.name = two\nca.p2.key = pkcs11:library=/l.so;slot=0;key=k\n")
                .getMessage().contains("ca.p2.create"));
    }

    private ConfigurationException refused(String text) {
        return assertThrows(ConfigurationException.class, () -> parse(text));
    }
}
