// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.estgateway.ejb.error.MalformedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceCsvTest {
    static final String PW = "device-Secret-1";

    static DeviceCsv.Row only(String csv) {
        List<DeviceCsv.Row> rows = DeviceCsv.parse(csv);
        assertEquals(1, rows.size(), rows.toString());
        return rows.get(0);
    }

    @Test
    void aHeaderAfterAByteOrderMarkIsAHeaderNotADevice() {
        List<DeviceCsv.Row> rows = DeviceCsv.parse("\uFEFFcommonName,password\r\ndev-1," + PW + "\r\n");
        assertEquals(1, rows.size());
        assertEquals("dev-1", rows.get(0).commonName());
        assertEquals(2, rows.get(0).line());
        assertNull(rows.get(0).refusal());
    }

    @Test
    void headerNamesAreCaseInsensitiveAndDecideTheColumnOrder() {
        DeviceCsv.Row row = only("PASSWORD, Common_Name ,ipAddress\n" + PW + ",dev-2,10.0.0.1\n");
        assertEquals("dev-2", row.registration().commonName());
        assertEquals(PW, row.registration().password());
        assertEquals("10.0.0.1", row.registration().ipAddress());
    }

    @Test
    void aHeaderWithAnUnknownColumnRefusesTheImport() {
        MalformedRequest e = assertThrows(MalformedRequest.class,
                () -> DeviceCsv.parse("commonName,password,colour\ndev-3," + PW + ",red\n"));
        assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("colour"), e.getMessage());
        assertEquals(400, e.status());
    }

    @Test
    void aHeaderWithoutPasswordOrTwiceTheSameColumnRefusesTheImport() {
        assertThrows(MalformedRequest.class, () -> DeviceCsv.parse("commonName,oneTime\ndev,true\n"));
        assertThrows(MalformedRequest.class, () -> DeviceCsv.parse("commonName,password,common name\n"));
    }

    @Test
    void aHeaderLineFurtherDownRefusesTheImport() {
        MalformedRequest e = assertThrows(MalformedRequest.class, () -> DeviceCsv.parse(
                "dev-4," + PW + "\n\uFEFFcommonName,password\n"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertThrows(MalformedRequest.class, () -> DeviceCsv.parse("# devices\ndev-4," + PW + "\nCommonName,x,y\n"));
    }

    @Test
    void commentsAndBlankLinesBeforeTheHeaderAreSkipped() {
        assertEquals("dev-5", only("# exported\n\ncommonName,password\ndev-5," + PW + "\n").commonName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "password", "PASSWORD", "changeme", "Change-Me", "secret", "<password>",
        "commonName", "${DEVICE_PASSWORD}", "{{password}}", "12345678"})
    void aMissingOrPlaceholderPasswordRefusesTheLineWithItsNumber(String password) {
        DeviceCsv.Row row = DeviceCsv.parse("dev-0," + PW + "\ndev-6," + password + "\n").get(1);
        assertEquals(2, row.line());
        assertNull(row.registration());
        assertTrue(row.refusal().contains("password"), row.refusal());
    }

    @Test
    void aLineWithoutAPasswordFieldIsRefused() {
        assertNull(only("dev-7\n").registration());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev\u0000nul", "dev\u0007bell", "dev\u202Eevil", "\uFEFFdev", "dev:colon",
        "a-common-name-that-is-longer-than-the-sixty-four-characters-of-rfc5280"})
    void invalidCommonNamesAreRefused(String cn) {
        DeviceCsv.Row row = only("\"" + cn + "\"," + PW + "\n");
        assertNull(row.registration());
        assertTrue(row.refusal().contains("commonName"), row.refusal());
    }

    @Test
    void everyOptionalFieldIsValidated() {
        assertTrue(only("d,pass-word-1\u0000,false\n").refusal().contains("control"));
        assertTrue(only("d," + PW + ",false," + "S".repeat(65) + "\n").refusal().contains("serialNumber"));
        assertTrue(only("d," + PW + ",false,SN-1\u0000\n").refusal().contains("serialNumber"));
        assertTrue(only("d," + PW + ",false,,not-an-ip\n").refusal().contains("ipAddress"));
        assertTrue(only("d," + PW + ",false,,,bad name.example\n").refusal().contains("dnsName"));
        assertTrue(only("d," + PW + ",false,,," + "a".repeat(64) + ".example\n").refusal().contains("dnsName"));
        assertTrue(only("d," + PW + ",maybe\n").refusal().contains("oneTime"));
        assertTrue(only("d,\"" + PW + "\n").refusal().contains("unterminated"));
        assertTrue(only("d," + PW + ",false,,,,extra\n").refusal().contains("fields"));
        assertNull(only("d," + PW + ",TRUE,SN-1,2001:db8::1,d.example.com\n").refusal());
    }

    @Test
    void aDuplicateCommonNameIsRefusedOnlyAfterAValidFirstOccurrence() {
        List<DeviceCsv.Row> rows = DeviceCsv.parse("a," + PW + "\nb,short\na," + PW + "\nb," + PW + "\n");
        assertNull(rows.get(0).refusal());
        assertTrue(rows.get(1).refusal().contains("at least 8"));
        assertEquals("duplicate commonName in this file", rows.get(2).refusal());
        assertNull(rows.get(3).refusal());
    }

    @Test
    void theExistingContractStillHolds() {
        // DeviceAdministrationIT's file: 2 created, 3 refused, per line.
        List<DeviceCsv.Row> rows = DeviceCsv.parse("commonName,password,oneTime,serialNumber,ipAddress,dnsName\n"
                + "a," + PW + ",true\n# a comment\nb,short\na," + PW + "\n\"b\"," + PW + ",false,,10.1.2.3\nx,y,maybe\n");
        assertEquals(List.of(2, 4, 5, 6, 7), rows.stream().map(DeviceCsv.Row::line).toList());
        assertEquals(2, rows.stream().filter(r -> r.registration() != null).count());
    }
}
