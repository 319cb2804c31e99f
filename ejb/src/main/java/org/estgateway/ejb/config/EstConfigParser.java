// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.estgateway.ejb.policy.Profile;

/** Parses and validates est.properties; every error names the file and the key. */
final class EstConfigParser {
    static final Set<String> HANDLER_KEYS = Set.of("filter", "format", "tokenprocedure", "authtype", "realm", "qop",
            "allowChallengePassword", "requiredRoRoles", "reenroll.requireLatestCertificate", "digest.algorithms",
            "approval.retryAfter", "approval.expiry", "idm.requestUrl",
            "idm.tls.token", "idm.tls.password");
    /** Handler keys a default section may set (all but what identifies an endpoint). */
    static final Set<String> DEFAULT_KEYS = Set.of("tokenprocedure", "authtype", "realm", "qop", "digest.algorithms",
            "approval.retryAfter", "approval.expiry",
            "allowChallengePassword", "requiredRoRoles", "idm.requestUrl", "idm.tls.token", "idm.tls.password");
    static final Set<String> PROCEDURE_KEYS = Set.of("name", "validity", "keyusage", "extendedkeyusage",
            "subject.required", "subject.allowed", "keytypes", "serverkeygen.keytype", "format",
            "enroll.use-authentication-cert", "enroll.mandatorypassword", "enroll.check-subject-values",
            "enroll.require-trust-anchor", "subject.allow-unknown-attributes", "ca");
    /** Named CAs generated at start when absent: {@code ca.<name>.create = ec-p256 | rsa-3072}. */
    static final Set<String> CA_KEYS = Set.of("create", "subordinate", "key");
    /** The name of a CA: lower case, as table ca (V12) allows. */
    static final Pattern CA_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    static final Set<String> ESTENROLL_FIELDS = Set.of("enroll.use-authentication-cert", "enroll.mandatorypassword",
            "enroll.check-subject-values", "enroll.require-trust-anchor");
    static final String SEED_RENEWAL_KEY = "allowRenewalWithOldCertificates";
    static final String RENEWAL_KEY = "reenroll.requireLatestCertificate";
    static final Set<String> GLOBAL_KEYS = Set.of(SEED_RENEWAL_KEY, RENEWAL_KEY);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Map<String, Integer> KEY_USAGES = Map.of(
            "digitalsignature", KeyUsage.digitalSignature, "nonrepudiation", KeyUsage.nonRepudiation,
            "contentcommitment", KeyUsage.nonRepudiation, "keyencipherment", KeyUsage.keyEncipherment,
            "dataencipherment", KeyUsage.dataEncipherment, "keyagreement", KeyUsage.keyAgreement,
            "encipheronly", KeyUsage.encipherOnly, "decipheronly", KeyUsage.decipherOnly);
    private static final Map<String, KeyPurposeId> EKUS = Map.of(
            "clientauth", KeyPurposeId.id_kp_clientAuth, "serverauth", KeyPurposeId.id_kp_serverAuth,
            "codesigning", KeyPurposeId.id_kp_codeSigning, "emailprotection", KeyPurposeId.id_kp_emailProtection,
            "timestamping", KeyPurposeId.id_kp_timeStamping, "ocspsigning", KeyPurposeId.id_kp_OCSPSigning,
            "ipsecike", KeyPurposeId.id_kp_ipsecIKE, "cmcra", KeyPurposeId.id_kp_cmcRA);

    private final String source;
    private final Map<String, String> entries;

    EstConfigParser(String source, Map<String, String> entries) {
        this.source = source;
        this.entries = entries;
    }

    private ConfigurationException error(String key, String problem) {
        return new ConfigurationException(source, key, problem);
    }

    EstConfig parse(String sha256) {
        Map<String, Map<String, String>> handlers = new TreeMap<>(EstConfig.handlerOrder());
        Map<String, Map<String, String>> procedures = new TreeMap<>();
        Map<String, String> defaults = new HashMap<>();
        Map<String, String> globals = new HashMap<>();
        Map<String, Map<String, String>> cas = new TreeMap<>();
        for (Map.Entry<String, String> e : entries.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("handler.")) {
                section(key, "handler.", HANDLER_KEYS, handlers).put(rest(key), e.getValue());
            } else if (key.startsWith("procedure.")) {
                section(key, "procedure.", PROCEDURE_KEYS, procedures).put(rest(key), e.getValue());
            } else if (key.startsWith("ca.")) {
                section(key, "ca.", CA_KEYS, cas).put(rest(key), e.getValue());
            } else if (key.startsWith("default.")) {
                String field = key.substring("default.".length());
                if (!DEFAULT_KEYS.contains(field)) {
                    throw error(key, "unknown key (a default section may set " + new TreeSet<>(DEFAULT_KEYS) + ")");
                }
                defaults.put(field, e.getValue());
            } else if (GLOBAL_KEYS.contains(key)) {
                globals.put(key, e.getValue());
            } else {
                throw error(key, "unknown key");
            }
        }
        Map<String, Procedure> parsedProcedures = new TreeMap<>();
        procedures.forEach((id, fields) -> parsedProcedures.put(id, procedure(id, fields)));
        List<Handler> parsedHandlers = new ArrayList<>();
        handlers.forEach((n, fields) -> parsedHandlers.add(handler(n, fields, defaults, parsedProcedures)));
        if (parsedHandlers.isEmpty()) {
            throw error("handler.<n>.filter", "no handler is configured");
        }
        return new EstConfig(List.copyOf(parsedHandlers), Map.copyOf(parsedProcedures), requireLatest(globals),
                source, sha256, createdCas(cas), subordinateCas(cas), caKeyLocations(cas));
    }

    private Map<String, KeyType> createdCas(Map<String, Map<String, String>> cas) {
        Map<String, KeyType> created = new TreeMap<>();
        cas.forEach((name, fields) -> {
            String key = "ca." + name + ".create";
            if (!CA_NAME.matcher(name).matches() || name.equals(Procedure.DEFAULT_CA)) {
                throw error(key, "a CA name is 1-32 of a-z 0-9 _ - starting with a letter or digit, and not 'default'");
            }
            if (fields.get("create") == null) {
                throw error(key, "is missing (ca." + name + ".subordinate and ca." + name + ".key come with a key type)");
            }
            try {
                created.put(name, KeyType.parse(fields.get("create")));
            } catch (IllegalArgumentException e) {
                throw error(key, "must be ec-p256 or rsa-3072");
            }
        });
        return Map.copyOf(created);
    }

    /**
     * {@code ca.<name>.key = pkcs11:library=...;token=...|slot=...;key=...[;pin-file=...|pin-env=...]}: checked here
     * for its form (a literal pin= is refused); the token itself is opened when the CA is created.
     */
    private Map<String, String> caKeyLocations(Map<String, Map<String, String>> cas) {
        Map<String, String> locations = new TreeMap<>();
        cas.forEach((name, fields) -> {
            String value = fields.get("key");
            if (value == null) {
                return;
            }
            String key = "ca." + name + ".key";
            try {
                org.estgateway.ejb.ca.key.CaKeyLocation.checkPkcs11(value);
            } catch (IllegalArgumentException e) {
                throw error(key, e.getMessage());
            }
            locations.put(name, value.strip());
        });
        return Map.copyOf(locations);
    }

    /** {@code ca.<name>.subordinate = true}: the CA of {@code ca.<name>.create} starts PENDING (a request, no certificate). */
    private java.util.Set<String> subordinateCas(Map<String, Map<String, String>> cas) {
        java.util.Set<String> subordinate = new java.util.TreeSet<>();
        cas.forEach((name, fields) -> {
            String value = fields.get("subordinate");
            if (value == null) {
                return;
            }
            switch (value.strip()) {
                case "true" -> subordinate.add(name);
                case "false" -> { }
                default -> throw error("ca." + name + ".subordinate", "must be true or false");
            }
        });
        return java.util.Set.copyOf(subordinate);
    }

    private String caName(String key, String value) {
        String name = value.strip();
        if (!CA_NAME.matcher(name).matches()) {
            throw error(key, "a CA name is 1-32 of a-z 0-9 _ - starting with a letter or digit");
        }
        return name;
    }

    /** The seed's allowRenewalWithOldCertificates=true means "require the latest certificate" (sic). */
    private boolean requireLatest(Map<String, String> globals) {
        Optional<Boolean> seed = Optional.ofNullable(globals.get(SEED_RENEWAL_KEY)).map(v -> bool(SEED_RENEWAL_KEY, v));
        Optional<Boolean> ours = Optional.ofNullable(globals.get(RENEWAL_KEY)).map(v -> bool(RENEWAL_KEY, v));
        if (seed.isPresent() && ours.isPresent() && !seed.get().equals(ours.get())) {
            throw error(RENEWAL_KEY, "conflicts with " + SEED_RENEWAL_KEY + " (both mean: re-enroll only with the "
                    + "latest certificate; set one, or both to the same value)");
        }
        return seed.or(() -> ours).orElse(false);
    }

    private Map<String, String> section(String key, String prefix, Set<String> allowed,
            Map<String, Map<String, String>> sections) {
        String tail = key.substring(prefix.length());
        int dot = tail.indexOf('.');
        if (dot <= 0 || !ID.matcher(tail.substring(0, dot)).matches()) {
            throw error(key, "expected " + prefix + "<id>.<key>");
        }
        String id = tail.substring(0, dot);
        if (prefix.equals("handler.") && id.matches("\\d+")) {
            handlerNumber(key, id, sections.keySet());
        }
        String field = tail.substring(dot + 1);
        if (!allowed.contains(field)) {
            throw error(key, "unknown key '" + field + "' (known: " + new TreeSet<>(allowed) + ")");
        }
        return sections.computeIfAbsent(tail.substring(0, dot), k -> new HashMap<>());
    }

    /**
     * Handlers run in number order (EstConfig.handlerOrder compares numbers as longs): a number beyond a long,
     * or a second spelling of one already used ("01" next to "1"), would otherwise fail the start without naming
     * the key, or silently merge two handlers into one.
     */
    private void handlerNumber(String key, String id, Set<String> seen) {
        long number;
        try {
            number = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw error(key, "handler number too large");
        }
        for (String other : seen) {
            if (!other.equals(id) && other.matches("\\d+") && Long.parseLong(other) == number) {
                throw error(key, "same handler number as handler." + other + " (write it one way)");
            }
        }
    }

    private static String rest(String key) {
        String tail = key.substring(key.indexOf('.') + 1);
        return tail.substring(tail.indexOf('.') + 1);
    }

    private Handler handler(String n, Map<String, String> own, Map<String, String> defaults,
            Map<String, Procedure> procedures) {
        String p = "handler." + n + ".";
        Map<String, String> f = new HashMap<>(defaults);
        f.putAll(own);
        String filterText = required(own, p, "filter");
        Pattern filter;
        try {
            filter = Pattern.compile(filterText);
        } catch (PatternSyntaxException e) {
            throw error(p + "filter", "invalid regular expression: " + e.getDescription());
        }
        HandlerFormat format = HandlerFormat.of(required(own, p, "format")).orElseThrow(() -> error(p + "format",
                "unknown format '" + own.get("format") + "' (known: " + Arrays.stream(HandlerFormat.values())
                        .map(HandlerFormat::key).toList() + ")"));
        Procedure procedure = Optional.ofNullable(f.get("tokenprocedure")).map(name -> procedures.values().stream()
                .filter(pr -> pr.id().equals(name) || pr.name().equals(name)).findFirst()
                .orElseThrow(() -> error(keyOf(own, p, "tokenprocedure"), "no procedure '" + name
                        + "' (define procedure.<id>.name = " + name + ")")))
                .orElseGet(Procedure::builtIn);
        for (String enrollOnly : List.of("authtype", "realm", "qop", "allowChallengePassword", "requiredRoRoles",
                "digest.algorithms")) {
            if (own.containsKey(enrollOnly) && !format.enrolls()) {
                throw error(p + enrollOnly, "only for handlers that enroll (format " + format.key() + " does not)");
            }
        }
        Handler.AuthType authType = switch (f.getOrDefault("authtype", "Basic").toLowerCase(Locale.ROOT)) {
            case "basic" -> Handler.AuthType.BASIC;
            case "digest" -> Handler.AuthType.DIGEST;
            default -> throw error(keyOf(own, p, "authtype"), "must be Basic or Digest");
        };
        String qop = f.getOrDefault("qop", "auth");
        if (!qop.equals("auth")) {
            throw error(keyOf(own, p, "qop"), "only qop=auth is supported");
        }
        String realm = f.getOrDefault("realm", "EST");
        if (realm.isEmpty() || realm.contains("\"") || realm.chars().anyMatch(c -> c < 0x20)) {
            throw error(keyOf(own, p, "realm"), "must be non-empty, without quotes or control characters");
        }
        Optional<Set<String>> roles = Optional.ofNullable(f.get("requiredRoRoles")).map(v -> roles(keyOf(own, p,
                "requiredRoRoles"), v));
        if (roles.isPresent() && format == HandlerFormat.SIMPLEREENROLL) {
            if (own.containsKey("requiredRoRoles")) {
                throw error(p + "requiredRoRoles", "RA mode is for enrollment handlers, not est-simplereenroll");
            }
            roles = Optional.empty(); // a default section's RA roles do not turn re-enroll handlers into RA handlers
        }
        if (!format.enrolls()) {
            roles = Optional.empty();
        }
        Optional<Boolean> latest = Optional.ofNullable(own.get(EstConfigParser.RENEWAL_KEY))
                .map(v -> bool(p + RENEWAL_KEY, v));
        if (latest.isPresent() && format != HandlerFormat.SIMPLEREENROLL) {
            throw error(p + RENEWAL_KEY, "only for est-simplereenroll handlers");
        }
        Optional<Handler.Idm> idm = idm(p, own, f, format);
        List<String> digestAlgorithms = new ArrayList<>();
        for (String a : list(f.getOrDefault("digest.algorithms", "MD5, SHA-256"))) {
            String canonical = org.estgateway.ejb.auth.digest.DigestMath.algorithm(a).orElseThrow(() -> error(
                    keyOf(own, p, "digest.algorithms"), "unknown algorithm '" + a + "' (MD5, SHA-256)"));
            if (!digestAlgorithms.contains(canonical)) {
                digestAlgorithms.add(canonical);
            }
        }
        if (digestAlgorithms.isEmpty()) {
            throw error(keyOf(own, p, "digest.algorithms"), "list MD5 and/or SHA-256");
        }
        for (String approvalKey : List.of("approval.retryAfter", "approval.expiry")) {
            if (own.containsKey(approvalKey) && !format.approval()) {
                throw error(p + approvalKey, "only for est-simpleenroll-idm handlers");
            }
        }
        int retryAfter;
        try {
            retryAfter = Integer.parseInt(f.getOrDefault("approval.retryAfter", "60").strip());
        } catch (NumberFormatException e) {
            retryAfter = -1;
        }
        if (retryAfter < 1 || retryAfter > 86_400) {
            throw error(keyOf(own, p, "approval.retryAfter"), "must be whole seconds between 1 and 86400");
        }
        Handler.Approval approval = new Handler.Approval(Duration.ofSeconds(retryAfter),
                duration(keyOf(own, p, "approval.expiry"), f.getOrDefault("approval.expiry", "7d")));
        return new Handler(n, filter, format, procedure, authType, realm, qop,
                bool(keyOf(own, p, "allowChallengePassword"), f.getOrDefault("allowChallengePassword", "false")),
                roles, latest, idm, List.copyOf(digestAlgorithms), approval);
    }

    private Optional<Handler.Idm> idm(String p, Map<String, String> own, Map<String, String> f, HandlerFormat format) {
        boolean any = f.containsKey("idm.requestUrl") || f.containsKey("idm.tls.token") || f.containsKey("idm.tls.password");
        if (!any) {
            return Optional.empty();
        }
        if (!format.approval()) {
            if (own.keySet().stream().anyMatch(k -> k.startsWith("idm."))) {
                throw error(p + "idm.requestUrl", "idm.* only for est-simpleenroll-idm handlers");
            }
            return Optional.empty();
        }
        String url = f.get("idm.requestUrl");
        if (url == null || !url.startsWith("https://")) {
            throw error(keyOf(own, p, "idm.requestUrl"), "must be an https:// URL");
        }
        if (f.get("idm.tls.token") == null || f.get("idm.tls.password") == null) {
            throw error(p + "idm.tls.token", "idm.tls.token and idm.tls.password are required with idm.requestUrl");
        }
        return Optional.of(new Handler.Idm(url, f.get("idm.tls.token"), f.get("idm.tls.password")));
    }

    private Procedure procedure(String id, Map<String, String> f) {
        String p = "procedure." + id + ".";
        String format = f.getOrDefault("format", Procedure.FORMAT_DEFAULT).toLowerCase(Locale.ROOT);
        if (!format.equals(Procedure.FORMAT_DEFAULT) && !format.equals(Procedure.FORMAT_ESTENROLL)) {
            throw error(p + "format", "must be default or estenroll");
        }
        for (String field : ESTENROLL_FIELDS) {
            if (f.containsKey(field) && !format.equals(Procedure.FORMAT_ESTENROLL)) {
                throw error(p + field, "a custom format field of format estenroll (set " + p + "format = estenroll)");
            }
        }
        Duration validity = duration(p + "validity", f.getOrDefault("validity", "365d"));
        int keyUsage = keyUsage(p + "keyusage", f.getOrDefault("keyusage", "auto"));
        List<KeyPurposeId> eku = ekus(p + "extendedkeyusage", f.getOrDefault("extendedkeyusage", "clientAuth"));
        Set<String> keyTypes = names(p + "keytypes", f.get("keytypes"), KeyAlgorithms.ACCEPTED);
        String serverKeygen = f.getOrDefault("serverkeygen.keytype", KeyAlgorithms.SERVERKEYGEN_DEFAULT).toLowerCase(Locale.ROOT);
        if (!KeyAlgorithms.GENERATED.contains(serverKeygen)) {
            throw error(p + "serverkeygen.keytype", "must be one of " + KeyAlgorithms.GENERATED);
        }
        return new Procedure(id, f.getOrDefault("name", id), new Profile(validity, keyUsage, eku),
                attributes(p + "subject.required", f.get("subject.required")),
                attributes(p + "subject.allowed", f.get("subject.allowed")), keyTypes, serverKeygen, format,
                bool(p + "enroll.use-authentication-cert", f.getOrDefault("enroll.use-authentication-cert", "false")),
                bool(p + "enroll.mandatorypassword", f.getOrDefault("enroll.mandatorypassword", "true")),
                bool(p + "enroll.check-subject-values", f.getOrDefault("enroll.check-subject-values", "false")),
                bool(p + "enroll.require-trust-anchor", f.getOrDefault("enroll.require-trust-anchor", "true")),
                bool(p + "subject.allow-unknown-attributes", f.getOrDefault("subject.allow-unknown-attributes", "false")),
                caName(p + "ca", f.getOrDefault("ca", Procedure.DEFAULT_CA)));
    }

    private static String keyOf(Map<String, String> own, String p, String field) {
        return own.containsKey(field) ? p + field : "default." + field;
    }

    private String required(Map<String, String> fields, String p, String field) {
        String v = fields.get(field);
        if (v == null || v.isEmpty()) {
            throw error(p + field, "is required");
        }
        return v;
    }

    boolean bool(String key, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw error(key, "must be true or false");
        };
    }

    private Duration duration(String key, String value) {
        Duration d;
        try {
            String v = value.toLowerCase(Locale.ROOT);
            if (v.matches("\\d+d")) {
                d = Duration.ofDays(Long.parseLong(v.substring(0, v.length() - 1)));
            } else if (v.matches("\\d+h")) {
                d = Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
            } else if (v.matches("\\d+m")) {
                d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            } else if (v.matches("\\d+s")) {
                d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            } else {
                d = Duration.parse(value);
            }
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            // ArithmeticException: "106751991167301d" parses as a long but overflows a Duration
            throw error(key, "not a duration (e.g. 365d, 12h, P30D)");
        }
        if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofDays(3650)) > 0) {
            throw error(key, "must be positive and at most 3650 days");
        }
        return d;
    }

    private int keyUsage(String key, String value) {
        if (value.equalsIgnoreCase("auto")) {
            return Profile.AUTO_KEY_USAGE;
        }
        int bits = 0;
        for (String name : list(value)) {
            Integer bit = KEY_USAGES.get(name.toLowerCase(Locale.ROOT));
            if (bit == null) {
                throw error(key, "unknown key usage '" + name + "' (end-entity usages only, or auto)");
            }
            bits |= bit;
        }
        return bits;
    }

    private List<KeyPurposeId> ekus(String key, String value) {
        List<KeyPurposeId> result = new ArrayList<>();
        for (String name : list(value)) {
            KeyPurposeId id = EKUS.get(name.toLowerCase(Locale.ROOT));
            if (id == null) {
                try {
                    id = KeyPurposeId.getInstance(new ASN1ObjectIdentifier(name));
                } catch (IllegalArgumentException e) {
                    throw error(key, "unknown extended key usage '" + name + "' (a name such as clientAuth, or an OID)");
                }
            }
            result.add(id);
        }
        return List.copyOf(result);
    }

    private Set<String> names(String key, String value, List<String> known) {
        if (value == null) {
            return Set.of();
        }
        Set<String> result = new LinkedHashSet<>();
        for (String name : list(value)) {
            String n = name.toLowerCase(Locale.ROOT);
            if (!known.contains(n)) {
                throw error(key, "unknown '" + name + "' (known: " + known + ")");
            }
            result.add(n);
        }
        return Set.copyOf(result);
    }

    private Set<ASN1ObjectIdentifier> attributes(String key, String value) {
        if (value == null) {
            return Set.of();
        }
        Set<ASN1ObjectIdentifier> result = new HashSet<>();
        for (String name : list(value)) {
            try {
                result.add(BCStyle.INSTANCE.attrNameToOID(name));
            } catch (IllegalArgumentException e) {
                throw error(key, "unknown subject attribute '" + name + "'");
            }
        }
        return Set.copyOf(result);
    }

    private Set<String> roles(String key, String value) {
        if (value.equalsIgnoreCase("none")) {
            return Set.of();
        }
        List<String> roles = list(value);
        for (String role : roles) {
            if (!ID.matcher(role).matches()) {
                throw error(key, "role '" + role + "' must be letters, digits, '-' or '_' (or none)");
            }
        }
        if (roles.isEmpty()) {
            throw error(key, "list roles, or none");
        }
        return Set.copyOf(roles);
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
