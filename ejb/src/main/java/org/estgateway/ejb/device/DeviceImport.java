// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.device;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.estgateway.ejb.error.EstException;

/**
 * Bulk preregistration from CSV (SPEC §10). One device per line:
 * {@code commonName,password[,oneTime[,serialNumber[,ipAddress[,dnsName]]]]}; a first line starting with
 * {@code commonName} is a header; blank lines and lines starting with '#' are skipped. Every line is
 * reported: created, or refused with the reason. A refused line refuses only itself; each created line
 * commits on its own, so a later failure cannot undo it.
 */
@Stateless
public class DeviceImport {
    static final int MAX_LINES = 10_000;

    @EJB
    DeviceService devices;

    /** The outcome of one line. */
    public record Line(int line, String commonName, boolean created, Long id, String reason) {
    }

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public List<Line> importCsv(String csv, String actor) {
        List<Line> report = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String[] lines = csv.split("\r\n|\n|\r", -1);
        if (lines.length > MAX_LINES) {
            throw new org.estgateway.ejb.error.PayloadTooLarge("at most " + MAX_LINES + " lines per import");
        }
        for (int i = 0; i < lines.length; i++) {
            String text = lines[i].strip();
            if (text.isEmpty() || text.startsWith("#") || (i == 0 && text.toLowerCase(Locale.ROOT).startsWith("commonname"))) {
                continue;
            }
            List<String> fields = Csv.fields(text);
            String cn = fields.get(0).strip();
            if (fields.size() < 2 || fields.size() > 6) {
                report.add(new Line(i + 1, cn, false, null, "expected 2 to 6 fields, found " + fields.size()));
                continue;
            }
            if (seen.contains(cn)) {
                report.add(new Line(i + 1, cn, false, null, "duplicate commonName in this file"));
                continue;
            }
            String oneTime = field(fields, 2);
            if (oneTime != null && !oneTime.equalsIgnoreCase("true") && !oneTime.equalsIgnoreCase("false")) {
                report.add(new Line(i + 1, cn, false, null, "oneTime must be true or false"));
                continue;
            }
            try {
                DeviceService.View view = devices.register(new DeviceService.Registration(cn, fields.get(1),
                        "true".equalsIgnoreCase(oneTime), field(fields, 3), field(fields, 4), field(fields, 5)), actor);
                report.add(new Line(i + 1, cn, true, view.id(), null));
                seen.add(cn);
            } catch (EstException e) {
                report.add(new Line(i + 1, cn, false, null, e.getMessage()));
            }
        }
        return report;
    }

    private static String field(List<String> fields, int i) {
        return i < fields.size() && !fields.get(i).isBlank() ? fields.get(i).strip() : null;
    }

    /** RFC 4180 fields of one line: commas, double-quoted fields with "" escapes. */
    static final class Csv {
        private Csv() {
        }

        static List<String> fields(String line) {
            List<String> out = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    out.add(field.toString());
                    field.setLength(0);
                } else {
                    field.append(c);
                }
            }
            out.add(field.toString());
            return out;
        }
    }
}
