// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.node;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;
import org.estgateway.ejb.config.ConfigurationException;

/**
 * The name of this node (docs/SCALING.md, docs/OPERATIONS.md): EST_NODE_NAME, else the host name plus "-" plus the
 * port offset ("gw1-0"). It names the node in the request log, in every audit row it writes and in the node
 * registry (table est_node); a PostgreSQL advisory lock on it keeps a second running node from using the same
 * name ({@link NodeLock}). Its {@link #txNodeId()} is WildFly's transaction node identifier.
 */
public final class NodeName {
    public static final String VARIABLE = "EST_NODE_NAME";
    public static final String PORT_OFFSET_PROPERTY = "jboss.socket.binding.port-offset";
    public static final int MAX_LENGTH = 64;
    /**
     * WildFly's transactions subsystem limits {@code node-identifier} to 23 bytes (StringBytesLengthValidator(0, 23)):
     * it is encoded in every Xid the transaction manager creates.
     */
    public static final int TX_NODE_ID_MAX_BYTES = 23;
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");
    private static final String RULE = "letters, digits, '.', '-' and '_', beginning with a letter or digit, at most "
            + MAX_LENGTH + " characters";
    private static volatile NodeName current;

    private final String value;

    private NodeName(String value) {
        this.value = value;
    }

    /** A name as configured; refused unless plain printable ASCII of {@link #RULE}. */
    public static NodeName of(String name) {
        if (name == null || !VALID.matcher(name).matches()) {
            throw new ConfigurationException("environment", VARIABLE, "'" + printable(name)
                    + "' is not a valid node name (" + RULE + ")");
        }
        return new NodeName(name);
    }

    /**
     * EST_NODE_NAME when set (not blank); else host name + "-" + port offset, the host name shortened so that the
     * whole fits in {@link #MAX_LENGTH}.
     */
    public static NodeName resolve(Map<String, String> env, String hostName, String portOffset) {
        String configured = env.get(VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return of(configured);
        }
        String offset = portOffset == null || portOffset.isBlank() ? "0" : portOffset.strip();
        if (!offset.matches("-?[0-9]{1,6}")) {
            throw new ConfigurationException("system property", PORT_OFFSET_PROPERTY, "'" + printable(offset)
                    + "' is not a port offset");
        }
        String suffix = "-" + offset;
        String host = hostName == null ? "" : hostName.strip();
        if (host.length() + suffix.length() > MAX_LENGTH) {
            host = host.substring(0, MAX_LENGTH - suffix.length());
        }
        String derived = host + suffix;
        if (!VALID.matcher(derived).matches()) {
            throw new ConfigurationException("environment", VARIABLE, "unset, and the default '" + printable(derived)
                    + "' (host name + '-' + port offset) is not a valid node name (" + RULE + "); set " + VARIABLE);
        }
        return new NodeName(derived);
    }

    /** This process's name: from the environment and the port offset system property; resolved once. */
    public static NodeName current() {
        NodeName n = current;
        if (n == null) {
            n = resolve(System.getenv(), hostName(), System.getProperty(PORT_OFFSET_PROPERTY, "0"));
            current = n;
        }
        return n;
    }

    /** The kernel's host name (no DNS lookup), else the JDK's idea of it. */
    static String hostName() {
        try {
            Path kernel = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(kernel)) {
                String h = Files.readString(kernel, StandardCharsets.US_ASCII).strip();
                if (!h.isEmpty()) {
                    return h;
                }
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String h = System.getenv("HOSTNAME");
            return h == null || h.isBlank() ? "localhost" : h;
        }
    }

    public String value() {
        return value;
    }

    /**
     * The transaction node identifier: the name itself when it fits in {@link #TX_NODE_ID_MAX_BYTES} bytes (it is
     * ASCII), else its first 14 characters, "-" and 8 hex digits of its SHA-256: deterministic, so a node keeps
     * its identifier across restarts (transaction recovery relies on it), and two long names with a common
     * prefix still differ.
     */
    public String txNodeId() {
        if (value.length() <= TX_NODE_ID_MAX_BYTES) {
            return value;
        }
        return value.substring(0, TX_NODE_ID_MAX_BYTES - 9) + "-" + HexFormat.of().formatHex(sha256(), 0, 4);
    }

    /**
     * The key of the PostgreSQL advisory lock that a running node holds on its name: 63 bits of SHA-256, so that
     * {@code pg_locks} (classid = high 32 bits, objid = low 32 bits, objsubid = 1) gives it back as
     * {@code (classid::bigint << 32) | objid::bigint} without a sign.
     */
    public long lockKey() {
        byte[] h = sha256();
        long k = 0;
        for (int i = 0; i < 8; i++) {
            k = (k << 8) | (h[i] & 0xff);
        }
        return k & Long.MAX_VALUE;
    }

    private byte[] sha256() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(("est-node:" + value).getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A configured value shown in a message: printable ASCII only, at most 80 characters. */
    static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(80).forEach(c -> b.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : "?"));
        return s.length() > 80 ? b + "..." : b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeName n && n.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
