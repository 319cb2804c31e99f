// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.estgateway.ejb.fuzz.FuzzTries;
import org.estgateway.ejb.error.EstException;
import org.estgateway.ejb.error.MalformedRequest;

/**
 * Fuzzes the CSV parser with random and mutated device files: it either refuses the file with the 400
 * exception or yields rows, and no row ever registers a device named like a header column.
 */
@AddLifecycleHook(FuzzTries.class)
class DeviceCsvPropertyTest {
    static final List<String> TOKENS = List.of("commonName", "COMMONNAME", "common_name", "Common Name", "password",
            "Password", "oneTime", "serialNumber", "ipAddress", "dnsName", "dev-1", "dev-2", "sensor.example.com",
            "device-Secret-1", "an0ther-Secret", "changeme", "<password>", "true", "false", "maybe", "10.0.0.1",
            "::1", "SN-1", "", " ", "\"", "\"\"", ",", "#", "\uFEFF", "\u0000", "\u202E", "\t", "\r", "\n", "\r\n",
            "x".repeat(70), "é", "\uD83D\uDE00", "\uD800");

    @Provide
    Arbitrary<String> csvText() {
        Arbitrary<String> token = Arbitraries.oneOf(Arbitraries.of(TOKENS), Arbitraries.strings().ofMaxLength(12));
        Arbitrary<String> line = token.list().ofMaxSize(8).map(t -> String.join(",", t));
        Arbitrary<String> file = line.list().ofMaxSize(12).map(l -> String.join("\n", l));
        Arbitrary<String> bom = Arbitraries.of("", "\uFEFF");
        return Combinators.combine(bom, file).as(String::concat);
    }

    @Provide
    Arbitrary<String> mutatedFile() {
        String base = "\uFEFFcommonName,password,oneTime,serialNumber,ipAddress,dnsName\r\n"
                + "dev-1,device-Secret-1,true,SN-1,10.0.0.1,dev-1.example.com\r\n"
                + "\"dev,2\",\"pa\"\"ss-word-2\",false\r\n# comment\r\n";
        Arbitrary<Integer> at = Arbitraries.integers().between(0, base.length());
        Arbitrary<String> insert = Arbitraries.oneOf(Arbitraries.of(TOKENS), Arbitraries.strings().ofMaxLength(3));
        Arbitrary<Integer> cut = Arbitraries.integers().between(0, 5);
        return Combinators.combine(at, insert, cut).as((i, s, c) ->
                base.substring(0, i) + s + base.substring(Math.min(base.length(), i + c)));
    }

    @Property(tries = 2000)
    void randomFilesParseOrAreRefusedWith400(@ForAll("csvText") String csv) {
        check(csv);
    }

    @Property(tries = 2000)
    void mutatedFilesParseOrAreRefusedWith400(@ForAll("mutatedFile") String csv) {
        check(csv);
    }

    @Property(tries = 500)
    void arbitraryTextParsesOrIsRefusedWith400(@ForAll String csv) {
        check(csv);
    }

    private static void check(String csv) {
        List<DeviceCsv.Row> rows;
        try {
            rows = DeviceCsv.parse(csv);
        } catch (EstException e) {
            assertEquals(MalformedRequest.class, e.getClass(), e.toString());
            assertEquals(400, e.status());
            return;
        }
        for (DeviceCsv.Row row : rows) {
            if (row.registration() != null) {
                String cn = row.registration().commonName();
                assertFalse(CsvColumns.NAMES.stream().anyMatch(n -> n.equalsIgnoreCase(cn.strip())),
                        "device named like a column: " + cn);
                assertFalse(CsvColumns.isColumnName(cn), "device named like a column: " + cn);
                assertFalse(DeviceFields.placeholder(row.registration().password()));
                assertEquals(cn, cn.strip());
                assertFalse(cn.toLowerCase(Locale.ROOT).contains("\u0000"));
            }
        }
    }
}
