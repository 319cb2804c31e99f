// SPDX-License-Identifier: Apache-2.0
package org.estgateway.edge;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The proxies whose forwarded client data the gateway believes ({@code EST_TRUSTED_PROXIES}): a comma-separated
 * list of IPv4/IPv6 addresses and CIDR ranges, e.g. {@code 10.0.0.5, 10.1.0.0/16, fd00::/64}. Empty or unset
 * trusts no one. Only from these addresses are the RFC 9440 {@code Client-Cert} header and
 * {@code X-Forwarded-For} taken, and their connections are not counted against
 * {@code EST_MAX_CONNECTIONS_PER_SOURCE} (the proxy carries many clients' connections; it limits per source itself).
 *
 * <p>Pure and without name resolution: only IP literals are accepted (a host name would make trust depend on
 * DNS). Shared by the edge module (Undertow filter) and the application (module dependency), so both read the
 * variable the same way; the pre-start bootstrap parses it first, so a malformed entry stops the start.
 */
public final class TrustedProxies {
    public static final String VARIABLE = "EST_TRUSTED_PROXIES";
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    private static final Pattern IPV4 = Pattern.compile("(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern PREFIX = Pattern.compile("0|[1-9]\\d{0,2}");

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    /** One address range: the network address (host bits cleared) and its prefix length. */
    record Range(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            return rest == 0 || ((address[whole] ^ network[whole]) & (0xFF << (8 - rest)) & 0xFF) == 0;
        }

        @Override
        public String toString() {
            try {
                return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Parses the variable's value.
     *
     * @throws IllegalArgumentException naming the first entry that is not an IP address or CIDR range
     */
    public static TrustedProxies parse(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        List<Range> ranges = new ArrayList<>();
        for (String raw : value.split(",", -1)) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;
            }
            ranges.add(range(entry).orElseThrow(() -> new IllegalArgumentException(VARIABLE + ": '"
                    + shown(entry) + "' is not an IP address or CIDR range (e.g. 10.0.0.5, 10.1.0.0/16, fd00::/64)")));
        }
        return new TrustedProxies(ranges);
    }

    /** The variable's value, or no proxy trusted when it is malformed (the bootstrap has refused that start). */
    public static TrustedProxies parseOrNone(String value, java.util.function.Consumer<String> warning) {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            warning.accept(e.getMessage() + "; no proxy is trusted");
            return NONE;
        }
    }

    private static Optional<Range> range(String entry) {
        int slash = entry.indexOf('/');
        Optional<InetAddress> address = literal(slash < 0 ? entry : entry.substring(0, slash));
        if (address.isEmpty()) {
            return Optional.empty();
        }
        byte[] bytes = address.get().getAddress();
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = entry.substring(slash + 1);
            if (!PREFIX.matcher(p).matches() || Integer.parseInt(p) > bits) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(p);
        }
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - 8 * i));
            bytes[i] &= (byte) (0xFF << (8 - keep));
        }
        return Optional.of(new Range(bytes, prefix));
    }

    /**
     * An IP address literal, never a name lookup: dotted-quad IPv4 (no leading zeros, which some parsers read
     * as octal) or IPv6 (RFC 4291 text forms, no zone id). An IPv4-mapped IPv6 address yields the IPv4 address.
     */
    public static Optional<InetAddress> literal(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher v4 = IPV4.matcher(text);
        if (v4.matches()) {
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(v4.group(i + 1));
                if (octet > 255) {
                    return Optional.empty();
                }
                b[i] = (byte) octet;
            }
            return Optional.of(address(b));
        }
        if (text.indexOf(':') < 0 || !IPV6_CHARS.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            // With a ':' in it, InetAddress parses the text as an IPv6 literal or fails: it never resolves a name.
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static InetAddress address(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean trusts(InetAddress address) {
        if (address == null || ranges.isEmpty()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        return ranges.stream().anyMatch(r -> r.contains(bytes));
    }

    /** Whether this textual address (a servlet's {@code getRemoteAddr()}) is a trusted proxy's. */
    public boolean trusts(String address) {
        return !ranges.isEmpty() && literal(address).map(this::trusts).orElse(false);
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether some range covers all IPv4 or all IPv6 addresses (then anyone may forward a client certificate). */
    public boolean trustsEveryone() {
        return ranges.stream().anyMatch(r -> r.prefix() == 0);
    }

    /** The ranges in canonical form, e.g. {@code [127.0.0.2/32, 10.1.0.0/16]}. */
    @Override
    public String toString() {
        return ranges.toString();
    }

    private static String shown(String entry) {
        String s = entry.length() > 64 ? entry.substring(0, 64) + "..." : entry;
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
