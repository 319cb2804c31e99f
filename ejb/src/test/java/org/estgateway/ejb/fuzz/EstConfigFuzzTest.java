// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.estgateway.ejb.config.ConfigurationException;
import org.estgateway.ejb.config.EstConfig;

/**
 * A broken est.properties must stop the start with a ConfigurationException naming the key (SPEC §6), never
 * with an NPE, NumberFormatException, ArithmeticException or IndexOutOfBounds that names nothing. Mutates the
 * two real files line by line (values, keys, handler numbers) and byte by byte.
 */
@AddLifecycleHook(FuzzTries.class)
class EstConfigFuzzTest {
    private static final List<String> SEEDS = Stream.of("../docs/est.properties.example",
            "../it/src/test/resources/est-it.properties").map(EstConfigFuzzTest::read).toList();
    private static final List<String> KEYS = List.of("handler.1.filter", "handler.1.format", "handler.2.tokenprocedure",
            "handler.3.authtype", "handler.3.realm", "handler.3.qop", "handler.3.allowChallengePassword",
            "handler.3.requiredRoRoles", "handler.4.reenroll.requireLatestCertificate", "handler.3.digest.algorithms",
            "handler.70.approval.retryAfter", "handler.70.approval.expiry", "handler.70.idm.requestUrl",
            "handler.70.idm.tls.token", "handler.70.idm.tls.password", "procedure.device.name",
            "procedure.device.validity", "procedure.device.keyusage", "procedure.device.extendedkeyusage",
            "procedure.device.subject.required", "procedure.device.subject.allowed", "procedure.device.keytypes",
            "procedure.device.serverkeygen.keytype", "procedure.device.format",
            "procedure.device.enroll.use-authentication-cert", "procedure.device.enroll.mandatorypassword",
            "procedure.device.enroll.check-subject-values", "procedure.device.enroll.require-trust-anchor",
            "default.realm", "default.approval.expiry", "default.tokenprocedure", "default.requiredRoRoles",
            "allowRenewalWithOldCertificates", "reenroll.requireLatestCertificate", "handler.", "handler..filter",
            "procedure..name", "handler.99999999999999999999.filter", "handler.-1.format", "handler.1", "default.",
            "=", "\\u", "\\uZZZZ", "handler.1.filter\\", "!", "#");
    private static final List<String> VALUES = List.of("", " ", "true", "false", "TRUE", "yes", "0", "-1", "1",
            "86400", "86401", "2147483648", "99999999999999999999", "+5", "0x10", "1e3", "365d", "0d", "-5d",
            "9223372036854775807d", "99999999999d", "106751991167301d", "9999999999999999h", "99999999999999999m",
            "9223372036854775807s", "P9999999999D", "PT-1S", "P1Y", "PT0S", "Pd", "d", "7D", "auto", "none",
            "clientAuth", "1.2.3", "1..2", "2.999999999999999999999999", "OID.", "OID.1.2", "OID.x", "3.1", "0.40",
            "CN, O", "CN,,O", ",", "X", "cn=x", "ec-p256", "rsa-2048", "ed25519", "est-simpleenroll",
            "est-simpleenroll-idm", "est-cacerts", "Digest", "Basic", "auth", "auth-int", "MD5", "SHA-256",
            "SHA-512-256", "https://", "https://x/y", "http://x", "Device Procedure", "device", "(", ")", "[", "[a-",
            "*", "a{99999999999}", "a{2,1}", "(?<", "(?<n>x)\\k<m>", "\\", "\\p{Nope}", "\\N{NOPE}", "\\x{110000}",
            "(?i)SimpleEnroll", "((((((((((((((((((((a))))))))))))))))))))", "\\Q", "[\\Q]", "\0", "\u0001",
            "\uFFFD", "é", "\"", "a\"b", "ra-officer", "ra officer", "digitalSignature, bogus", "keyEncipherment");

    private static Path file;

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeContainer
    static void createFile() throws IOException {
        file = Files.createTempFile("est-fuzz", ".properties");
    }

    @AfterContainer
    static void deleteFile() throws IOException {
        Files.deleteIfExists(file);
    }

    /** The contract: a config, or a ConfigurationException. Anything else fails the property. */
    private static void loadsOrRefuses(byte[] text) throws IOException {
        Files.write(file, text);
        try {
            EstConfig.load(Optional.of(file));
        } catch (ConfigurationException expected) {
            // start-up stops with a message naming the key
        }
    }

    /** One line-level edit of a properties text. */
    record LineEdit(int kind, int line, String key, String value) {
        List<String> apply(List<String> lines) {
            List<String> out = new ArrayList<>(lines);
            int i = out.isEmpty() ? 0 : line % out.size();
            switch (kind) {
                case 0 -> out.add(i, key + " = " + value);                       // add a key
                case 1 -> {                                                      // replace a value
                    if (!out.isEmpty()) {
                        String l = out.get(i);
                        int eq = l.indexOf('=');
                        out.set(i, (eq < 0 ? l : l.substring(0, eq)) + "= " + value);
                    }
                }
                case 2 -> {                                                      // delete a line
                    if (!out.isEmpty()) {
                        out.remove(i);
                    }
                }
                case 3 -> {                                                      // duplicate a line elsewhere
                    if (!out.isEmpty()) {
                        out.add((line / 7) % out.size(), out.get(i));
                    }
                }
                case 4 -> {                                                      // renumber a handler / procedure
                    if (!out.isEmpty()) {
                        out.set(i, out.get(i).replaceFirst("^(handler|procedure)\\.[^.]*\\.", "$1." + java.util.regex.Matcher.quoteReplacement(value) + "."));
                    }
                }
                default -> {                                                     // set a key's value
                    if (!out.isEmpty()) {
                        out.set(i, key + "=" + value);
                    }
                }
            }
            return out;
        }
    }

    @Property(tries = 3_000)
    void lineMutatedConfigsLoadOrAreRefused(@ForAll("seeds") String seed, @ForAll("lineEdits") List<LineEdit> edits)
            throws IOException {
        List<String> lines = List.of(seed.split("\n", -1));
        for (LineEdit e : edits) {
            lines = e.apply(lines);
        }
        loadsOrRefuses(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 3_000)
    void byteMutatedConfigsLoadOrAreRefused(@ForAll("seeds") String seed, @ForAll("mutations") List<Mutation> edits)
            throws IOException {
        loadsOrRefuses(Mutation.applyAll(seed.getBytes(StandardCharsets.UTF_8), edits));
    }

    @Property(tries = 3_000)
    void everyKeyWithAnyValueLoadsOrIsRefused(@ForAll("keys") String key, @ForAll("values") String value,
            @ForAll("seeds") String seed) throws IOException {
        loadsOrRefuses((seed + "\n" + key + " = " + value + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> seeds() {
        return Arbitraries.of(SEEDS);
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.oneOf(Arbitraries.of(KEYS), Arbitraries.strings().all().ofMaxLength(30));
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.oneOf(Arbitraries.of(VALUES), Arbitraries.of(VALUES).list().ofMinSize(2).ofMaxSize(4)
                .map(l -> String.join(",", l)), Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(30).map(s -> s + "d"));
    }

    @Provide
    Arbitrary<List<LineEdit>> lineEdits() {
        return Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers().greaterOrEqual(0),
                keys(), values()).as(LineEdit::new).list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        List<byte[]> dictionary = new ArrayList<>();
        Stream.concat(KEYS.stream(), VALUES.stream()).forEach(s -> dictionary.add(s.getBytes(StandardCharsets.UTF_8)));
        Stream.of("\n", "\r\n", "\\\n", " = ", ":", "=", ".", "\\u00", "\\").forEach(s -> dictionary.add(
                s.getBytes(StandardCharsets.UTF_8)));
        return Mutation.lists(dictionary, 8);
    }
}
