// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.device;

import java.util.Locale;
import java.util.Set;
import org.estgateway.ejb.error.MalformedRequest;
import org.estgateway.ejb.policy.SubjectCompletion;

/**
 * The rules for a device's registered values, shared by POST /api/v1/devices and the CSV import. The columns
 * are TEXT (V1; only common_name has a CHECK of 1 to 64), so the limits come from the certificate fields they
 * must match: RFC 5280 ub-common-name and ub-serial-number (64), the longest IPv6 text form (45) and RFC 1035
 * (253 characters, labels of 63). No value may hold control characters (PostgreSQL refuses NUL in TEXT, and the
 * rest ends up in logs and certificates) or, for names, invisible format characters such as a byte-order mark.
 */
public final class DeviceFields {
    public static final int MAX_COMMON_NAME = 64;
    public static final int MIN_PASSWORD = 8;
    public static final int MAX_PASSWORD = 256;
    public static final int MAX_SERIAL_NUMBER = 64;
    public static final int MAX_IP_ADDRESS = 45;
    public static final int MAX_DNS_NAME = 253;
    /** Passwords that are a template's or a spreadsheet's filler, not a secret (compared case-insensitively). */
    static final Set<String> PLACEHOLDERS = Set.of("password", "passwort", "passw0rd", "password1", "changeme",
            "change-me", "change_me", "changeit", "secret", "default", "placeholder", "example", "12345678",
            "123456789", "xxxxxxxx", "devicepassword", "device-password", "mypassword", "yourpassword");

    private DeviceFields() {
    }

    static void commonName(String cn) {
        if (cn == null || cn.isBlank()) {
            throw new MalformedRequest("commonName is required");
        }
        if (cn.codePointCount(0, cn.length()) > MAX_COMMON_NAME || !cn.equals(cn.strip()) || cn.indexOf(':') >= 0
                || !printable(cn)) {
            throw new MalformedRequest("commonName must be 1 to " + MAX_COMMON_NAME + " printable characters "
                    + "without ':' or surrounding spaces");
        }
    }

    static void password(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new MalformedRequest("password is required, at least " + MIN_PASSWORD + " characters");
        }
        if (password.length() > MAX_PASSWORD || password.chars().anyMatch(Character::isISOControl)) {
            throw new MalformedRequest("password must be at most " + MAX_PASSWORD
                    + " characters without control characters");
        }
        if (placeholder(password)) {
            throw new MalformedRequest("password is a placeholder, not a secret");
        }
    }

    /** Optional (null or blank: absent). */
    static void serialNumber(String serial) {
        if (present(serial) && (serial.strip().length() > MAX_SERIAL_NUMBER || !printable(serial.strip()))) {
            throw new MalformedRequest("serialNumber must be at most " + MAX_SERIAL_NUMBER + " printable characters");
        }
    }

    static void ipAddress(String ip) {
        if (present(ip) && (ip.strip().length() > MAX_IP_ADDRESS || SubjectCompletion.ipAddress(ip.strip()).isEmpty())) {
            throw new MalformedRequest("ipAddress is not an IPv4 or IPv6 address");
        }
    }

    static void dnsName(String dns) {
        if (present(dns) && (dns.strip().length() > MAX_DNS_NAME
                || !dns.strip().matches("[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
                        + "(?:\\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*"))) {
            throw new MalformedRequest("dnsName must be a host name of at most " + MAX_DNS_NAME
                    + " characters: labels of letters, digits, '-' and '_', at most 63 each, separated by dots");
        }
    }

    /** A filler instead of a password: a known placeholder, a column name, or a template slot like {@code <password>}. */
    static boolean placeholder(String password) {
        String p = password.strip().toLowerCase(Locale.ROOT);
        return p.isEmpty() || PLACEHOLDERS.contains(p) || CsvColumns.isColumnName(p)
                || p.matches("<.*>|\\{\\{.*}}|\\$\\{.*}|%[a-z_]*%|\\[.*]");
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    /** No control characters, no format characters (BOM, bidi overrides), no broken surrogate pairs. */
    static boolean printable(String s) {
        return s.codePoints().noneMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                || Character.getType(c) == Character.SURROGATE || Character.getType(c) == Character.UNASSIGNED
                || Character.getType(c) == Character.PRIVATE_USE);
    }
}
