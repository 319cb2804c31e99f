// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void splitsPlainAndQuotedFields() {
        assertEquals(List.of("dev1", "secret-123", "true"), DeviceImport.Csv.fields("dev1,secret-123,true"));
        assertEquals(List.of("a,b", "p\"w", ""), DeviceImport.Csv.fields("\"a,b\",\"p\"\"w\","));
        assertEquals(List.of("only"), DeviceImport.Csv.fields("only"));
    }
}
