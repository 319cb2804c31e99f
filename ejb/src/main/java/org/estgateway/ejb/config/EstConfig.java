// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.estgateway.ejb.pki.Fingerprint;

/**
 * est.properties (EST_CONFIG): handlers, certificate procedures and global rules. Immutable. See the
 * README's "est.properties" section for every key; {@link EstConfigParser} does the parsing.
 *
 * @param requireLatestCertificate the seed's {@code allowRenewalWithOldCertificates=true} (sic) or our
 *        {@code reenroll.requireLatestCertificate=true}: simplereenroll only with the latest certificate
 *        issued for the subject
 * @param source where it came from, for messages; sha256 of the file, or "built-in"
 * @param createdCas {@code ca.<name>.create = <key type>}: named CAs the gateway generates at start when the database
 *        has none of that name yet (self-signed, key in {@code <data>/ca/<name>.p12})
 * @param subordinateCas {@code ca.<name>.subordinate = true}: of the created CAs, those created PENDING (key and
 *        PKCS#10 request only; an administrator imports the chain signed by the enterprise root)
 * @param caKeyLocations {@code ca.<name>.key = pkcs11:...}: of the created CAs, those whose key is in a PKCS#11 token
 *        (generated there when its label is absent, used when present); the text holds PIN references only
 */
public record EstConfig(List<Handler> handlers, Map<String, Procedure> procedures, boolean requireLatestCertificate,
        String source, String sha256, Map<String, KeyType> createdCas, java.util.Set<String> subordinateCas,
        Map<String, String> caKeyLocations) {

    public EstConfig(List<Handler> handlers, Map<String, Procedure> procedures, boolean requireLatestCertificate,
            String source, String sha256, Map<String, KeyType> createdCas, java.util.Set<String> subordinateCas) {
        this(handlers, procedures, requireLatestCertificate, source, sha256, createdCas, subordinateCas, Map.of());
    }

    public EstConfig(List<Handler> handlers, Map<String, Procedure> procedures, boolean requireLatestCertificate,
            String source, String sha256, Map<String, KeyType> createdCas) {
        this(handlers, procedures, requireLatestCertificate, source, sha256, createdCas, java.util.Set.of());
    }

    /** The names of the CAs the procedures issue from. */
    public java.util.Set<String> caNames() {
        java.util.Set<String> names = new java.util.TreeSet<>();
        procedures.values().forEach(p -> names.add(p.ca()));
        handlers.forEach(h -> names.add(h.procedure().ca()));
        return names;
    }

    /**
     * The procedures that issue from the CA {@code ca}, as "'id' (name)", sorted: a CA they name can be neither
     * deleted nor retired.
     */
    public List<String> proceduresNaming(String ca) {
        java.util.Map<String, Procedure> all = new java.util.TreeMap<>(procedures);
        handlers.forEach(h -> all.putIfAbsent(h.procedure().id(), h.procedure()));
        return all.values().stream().filter(p -> p.ca().equals(ca))
                .map(p -> "'" + p.id() + "'" + (p.name() == null || p.name().equals(p.id()) ? "" : " (" + p.name() + ")"))
                .toList();
    }

    /** No est.properties: the plain RFC 7030 paths with the built-in CA and device profile. */
    public static EstConfig builtIn() {
        Procedure procedure = Procedure.builtIn();
        List<Handler> handlers = new ArrayList<>();
        for (HandlerFormat f : List.of(HandlerFormat.CACERTS, HandlerFormat.CSRATTRS, HandlerFormat.SIMPLEENROLL,
                HandlerFormat.SIMPLEREENROLL, HandlerFormat.SERVERKEYGEN)) {
            handlers.add(new Handler("builtin-" + f.operation().path(), Pattern.compile(Pattern.quote(f.operation().path())),
                    f, procedure, Handler.AuthType.BASIC, "EST", "auth", false, Optional.empty(), Optional.empty(),
                    Optional.empty(), List.of("MD5", "SHA-256"), Handler.Approval.DEFAULT));
        }
        return new EstConfig(List.copyOf(handlers), Map.of(procedure.id(), procedure), false, "built-in", "built-in", Map.of());
    }

    /** Loads the file, or the built-in set when none is configured. */
    public static EstConfig load(Optional<Path> file) {
        if (file.isEmpty()) {
            return builtIn();
        }
        Path path = file.get();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new ConfigurationException(path.toString(), "EST_CONFIG", "cannot read the file (" + e.getMessage() + ")");
        }
        Properties properties = new Properties() {
            private static final long serialVersionUID = 1L;

            @Override
            public synchronized Object put(Object key, Object value) {
                // java.util.Properties keeps the last of two equal keys: a second handler.80.* would silently
                // replace the first handler; refuse the file instead
                if (containsKey(key)) {
                    throw new IllegalArgumentException("the key '" + key + "' appears twice");
                }
                return super.put(key, value);
            }
        };
        try (Reader reader = new java.io.InputStreamReader(new java.io.ByteArrayInputStream(bytes), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException(path.toString(), "(syntax)", e.getMessage());
        }
        Map<String, String> entries = new TreeMap<>();
        properties.forEach((k, v) -> entries.put(k.toString().strip(), v.toString().strip()));
        return new EstConfigParser(path.toString(), entries).parse(Fingerprint.sha256(bytes).hex());
    }

    /** The first handler (in handler-number order) whose filter matches the whole path. */
    public Optional<Handler> match(String path) {
        return handlers.stream().filter(h -> h.matches(path)).findFirst();
    }

    /**
     * Sound but questionable settings, one line each, logged at start: a serverkeygen handler whose procedure
     * generates a key type Cisco libest refuses ({@link KeyAlgorithms#LIBEST_SERVERKEYGEN}).
     */
    public List<String> warnings() {
        return handlers.stream().filter(h -> h.format() == HandlerFormat.SERVERKEYGEN)
                .map(Handler::procedure).distinct()
                .filter(p -> !KeyAlgorithms.LIBEST_SERVERKEYGEN.contains(p.serverKeygenKeyType()))
                .map(p -> "procedure '" + p.name() + "': serverkeygen.keytype = " + p.serverKeygenKeyType()
                        + " answers with a private-key part under 256 bytes, which Cisco libest's estclient refuses"
                        + " (\"data too short\"); Bouncy Castle and curl read it. For libest devices use "
                        + KeyAlgorithms.LIBEST_SERVERKEYGEN)
                .toList();
    }

    /** Whether simplereenroll through this handler needs the latest certificate of the subject. */
    public boolean requireLatestCertificate(Handler handler) {
        return handler.requireLatestCertificate().orElse(requireLatestCertificate);
    }

    static Comparator<String> handlerOrder() {
        return (a, b) -> {
            boolean na = a.matches("\\d+");
            boolean nb = b.matches("\\d+");
            if (na && nb) {
                return Long.compare(Long.parseLong(a), Long.parseLong(b));
            }
            return na ? -1 : nb ? 1 : a.compareTo(b);
        };
    }
}
