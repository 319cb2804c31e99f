// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.device;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.estgateway.ejb.error.MalformedRequest;
import org.estgateway.ejb.error.PayloadTooLarge;

/**
 * Parses a device CSV file without touching the database. A leading UTF-8 byte-order mark (as spreadsheets
 * write it) is dropped. The first line that is neither blank nor a '#' comment is a header when any of its
 * fields is a column name ({@link CsvColumns}); a header must then consist of known, distinct columns including
 * commonName and password, and it decides the column order. Without a header the order is
 * {@code commonName,password[,oneTime[,serialNumber[,ipAddress[,dnsName]]]]}.
 * <p>
 * Problems of the file (a bad header, a header-like line further down) refuse the whole import with
 * {@link MalformedRequest} (400) before anything is stored. Problems of one line refuse that line, with its
 * number and the reason. No row ever carries a device named like a column.
 */
final class DeviceCsv {
    static final int MAX_LINES = 10_000;
    private static final char BOM = '\uFEFF';

    /** One data line: a registration to attempt, or the reason it is refused. */
    record Row(int line, String commonName, DeviceService.Registration registration, String refusal) {
        static Row refused(int line, String commonName, String reason) {
            return new Row(line, commonName == null ? "" : commonName, null, reason);
        }
    }

    private DeviceCsv() {
    }

    static List<Row> parse(String csv) {
        String text = !csv.isEmpty() && csv.charAt(0) == BOM ? csv.substring(1) : csv;
        String[] lines = text.split("\r\n|\n|\r", -1);
        if (lines.length > MAX_LINES) {
            throw new PayloadTooLarge("at most " + MAX_LINES + " lines per import");
        }
        int[] columns = null; // position in the line -> CsvColumns index
        List<Row> rows = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Fields fields = Fields.split(line);
            if (columns == null) {
                columns = header(fields.values(), number);
                if (columns != null) {
                    continue;
                }
                columns = new int[] {0, 1, 2, 3, 4, 5};
            }
            if (looksLikeHeader(fields.values(), columns)) {
                throw new MalformedRequest("line " + number + " looks like a header (" + CsvColumns.NAMES
                        + "); a header is only allowed as the first line");
            }
            Row row = row(number, fields, columns, seen);
            if (row.registration() != null) {
                seen.add(row.commonName());
            }
            rows.add(row);
        }
        return rows;
    }

    /** The column mapping of a header line, or null when the line is data (none of its fields is a column name). */
    private static int[] header(List<String> fields, int number) {
        if (fields.stream().noneMatch(CsvColumns::isColumnName)) {
            return null;
        }
        int[] columns = new int[fields.size()];
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.get(i);
            int column = CsvColumns.of(name).orElseThrow(() -> new MalformedRequest("line " + number
                    + ": the header has an unknown column '" + printableOrEscaped(name) + "'; known columns: "
                    + CsvColumns.NAMES));
            if (!used.add(column)) {
                throw new MalformedRequest("line " + number + ": the header names column '"
                        + CsvColumns.NAMES.get(column) + "' twice");
            }
            columns[i] = column;
        }
        if (!used.contains(CsvColumns.COMMON_NAME) || !used.contains(CsvColumns.PASSWORD)) {
            throw new MalformedRequest("line " + number + ": the header must name the columns commonName and password");
        }
        return columns;
    }

    /** Its commonName is a column name, or two of its fields are: a header pasted in the middle, never a device. */
    private static boolean looksLikeHeader(List<String> fields, int[] columns) {
        long names = fields.stream().filter(CsvColumns::isColumnName).count();
        String cn = value(fields, columns, CsvColumns.COMMON_NAME);
        return names >= 2 || cn != null && CsvColumns.isColumnName(cn);
    }

    private static Row row(int number, Fields fields, int[] columns, Set<String> seen) {
        List<String> f = fields.values();
        String cn = value(f, columns, CsvColumns.COMMON_NAME);
        String shown = cn == null ? "" : cn.strip();
        if (fields.unterminated()) {
            return Row.refused(number, shown, "unterminated quoted field");
        }
        if (f.size() < 2 || f.size() > columns.length) {
            return Row.refused(number, shown, "expected 2 to " + columns.length + " fields, found " + f.size());
        }
        String password = value(f, columns, CsvColumns.PASSWORD);
        if (password == null || password.isBlank() || DeviceFields.placeholder(password)) {
            return Row.refused(number, shown, "password is missing or a placeholder, not a secret");
        }
        if (seen.contains(shown)) {
            return Row.refused(number, shown, "duplicate commonName in this file");
        }
        String oneTime = optional(f, columns, CsvColumns.ONE_TIME);
        if (oneTime != null && !oneTime.equalsIgnoreCase("true") && !oneTime.equalsIgnoreCase("false")) {
            return Row.refused(number, shown, "oneTime must be true or false");
        }
        var registration = new DeviceService.Registration(shown, password, "true".equalsIgnoreCase(oneTime),
                optional(f, columns, CsvColumns.SERIAL_NUMBER), optional(f, columns, CsvColumns.IP_ADDRESS),
                optional(f, columns, CsvColumns.DNS_NAME));
        try {
            DeviceService.validate(registration);
        } catch (MalformedRequest e) {
            return Row.refused(number, shown, e.getMessage());
        }
        return new Row(number, shown, registration, null);
    }

    /** The raw value of a column in this line, or null when the line has no such field. */
    private static String value(List<String> fields, int[] columns, int column) {
        for (int i = 0; i < columns.length && i < fields.size(); i++) {
            if (columns[i] == column) {
                return fields.get(i);
            }
        }
        return null;
    }

    private static String optional(List<String> fields, int[] columns, int column) {
        String v = value(fields, columns, column);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static String printableOrEscaped(String s) {
        String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return shown.codePoints().mapToObj(c -> DeviceFields.printable(Character.toString(c)) ? Character.toString(c)
                : String.format("\\u%04x", c)).collect(Collectors.joining());
    }

    /** RFC 4180 fields of one line: commas, double-quoted fields with "" escapes. */
    record Fields(List<String> values, boolean unterminated) {
        static Fields split(String line) {
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
            return new Fields(List.copyOf(out), quoted);
        }
    }
}
