// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.device;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.ArrayList;
import java.util.List;
import org.estgateway.ejb.error.EstException;

/**
 * Bulk preregistration from CSV (SPEC §10), parsed by {@link DeviceCsv}. The whole file is parsed and every
 * line validated before anything is stored: a problem of the file (an unknown header column, a header-like line
 * further down) refuses the import with 400 and stores nothing. Every line is then reported: created, or refused
 * with the reason. A refused line refuses only itself; each created line commits on its own, so a later failure
 * (such as an existing device) cannot undo it.
 */
@Stateless
public class DeviceImport {
    static final int MAX_LINES = DeviceCsv.MAX_LINES;

    @EJB
    DeviceService devices;

    /** The outcome of one line. */
    public record Line(int line, String commonName, boolean created, Long id, String reason) {
    }

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public List<Line> importCsv(String csv, String actor) {
        List<Line> report = new ArrayList<>();
        for (DeviceCsv.Row row : DeviceCsv.parse(csv)) {
            if (row.registration() == null) {
                report.add(new Line(row.line(), row.commonName(), false, null, row.refusal()));
                continue;
            }
            try {
                DeviceService.View view = devices.register(row.registration(), actor);
                report.add(new Line(row.line(), row.commonName(), true, view.id(), null));
            } catch (EstException e) {
                report.add(new Line(row.line(), row.commonName(), false, null, e.getMessage()));
            }
        }
        return report;
    }

    /** RFC 4180 fields of one line (see {@link DeviceCsv.Fields}). */
    static final class Csv {
        private Csv() {
        }

        static List<String> fields(String line) {
            return DeviceCsv.Fields.split(line).values();
        }
    }
}
