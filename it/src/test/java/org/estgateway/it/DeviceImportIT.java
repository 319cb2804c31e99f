// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CSV import: spreadsheet byte-order marks, headers, placeholder passwords and hostile field values. */
class DeviceImportIT {
    static final String PASSWORD = "device-Secret-1";

    @BeforeAll
    static void server() {
        TestServer.awaitReady();
    }

    static HttpResponse<String> importCsv(String csv) throws Exception {
        return DeviceAdministrationIT.call("POST", "/api/v1/devices/import", csv, "text/csv", "admin",
                TestServer.ADMIN_PASSWORD);
    }

    static long devices(String cn) {
        return TestServer.queryLong("SELECT count(*) FROM device WHERE common_name = ?", cn);
    }

    @Test
    void aHeaderBehindAByteOrderMarkIsReadAsAHeader() throws Exception {
        String cn = TestServer.uniqueName("bom");
        HttpResponse<String> r = importCsv("\uFEFFcommonName,password,oneTime\r\n" + cn + "," + PASSWORD + ",false\r\n");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"created\":1") && r.body().contains("\"refused\":0"), r.body());
        assertEquals(1, devices(cn));
        assertEquals(0, TestServer.queryLong("SELECT count(*) FROM device WHERE lower(common_name) LIKE '%commonname%'"));
        assertEquals(200, DeviceAdministrationIT.enroll(cn, PASSWORD));
    }

    @Test
    void anUnknownHeaderColumnRefusesTheWholeImport() throws Exception {
        String cn = TestServer.uniqueName("hdr");
        HttpResponse<String> r = importCsv("commonName,password,colour\n" + cn + "," + PASSWORD + ",red\n");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("colour"), r.body());
        assertEquals(0, devices(cn));
    }

    @Test
    void aHeaderLineFurtherDownRefusesTheWholeImport() throws Exception {
        String cn = TestServer.uniqueName("hdr2");
        HttpResponse<String> r = importCsv(cn + "," + PASSWORD + "\ncommonName,password\n");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("line 2"), r.body());
        assertEquals(0, devices(cn), "nothing is stored before the whole file is read");
    }

    @Test
    void placeholderPasswordsAndHostileValuesAreRefusedPerLineNever500() throws Exception {
        String ok = TestServer.uniqueName("csv-ok");
        String ph = TestServer.uniqueName("csv-ph");
        String nul = TestServer.uniqueName("csv-nul");
        String csv = ok + "," + PASSWORD + "\n"
                + ph + ",changeme\n"
                + ph + ",\"<password>\"\n"
                + "\"" + nul + "\u0000\"," + PASSWORD + "\n"
                + nul + "," + PASSWORD + ",false,SN\u00001\n"
                + nul + "," + PASSWORD + ",false,,,not a host name\n"
                + nul + "," + PASSWORD + ",false," + "S".repeat(65) + "\n";
        HttpResponse<String> r = importCsv(csv);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"created\":1") && r.body().contains("\"refused\":6"), r.body());
        assertTrue(r.body().contains("\"line\":2") && r.body().contains("placeholder"), r.body());
        assertEquals(1, devices(ok));
        assertEquals(0, devices(ph));
        assertEquals(0, devices(nul));
    }

    @Test
    void theJsonApiEnforcesTheSameLimits() throws Exception {
        String cn = TestServer.uniqueName("json-lim");
        assertEquals(400, TestServer.adminPost("/api/v1/devices", "{\"commonName\":\"" + cn
                + "\",\"password\":\"" + PASSWORD + "\",\"serialNumber\":\"" + "S".repeat(65) + "\"}").statusCode());
        assertEquals(400, TestServer.adminPost("/api/v1/devices", "{\"commonName\":\"" + cn
                + "\",\"password\":\"" + PASSWORD + "\",\"serialNumber\":\"SN\\u00001\"}").statusCode());
        assertEquals(400, TestServer.adminPost("/api/v1/devices", "{\"commonName\":\"" + cn
                + "\",\"password\":\"changeme\"}").statusCode());
        assertEquals(400, TestServer.adminPost("/api/v1/devices", "{\"commonName\":\"" + cn
                + "\",\"password\":\"" + "p".repeat(257) + "\"}").statusCode());
        assertEquals(0, devices(cn));
    }
}
