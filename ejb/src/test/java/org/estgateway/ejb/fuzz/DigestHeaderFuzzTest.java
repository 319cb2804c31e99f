// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.estgateway.ejb.auth.ClientCredentials;
import org.estgateway.ejb.auth.digest.DigestResponse;

/**
 * The Authorization header is read before anyone is authenticated. web/.../est/RequestCredentials calls
 * parseDigest, then parseBasic when it is not Digest, and turns IllegalArgumentException (only that) into a
 * 401: so for any header these either give a value or throw IllegalArgumentException.
 */
@AddLifecycleHook(FuzzTries.class)
class DigestHeaderFuzzTest {
    /** What Bouncy Castle's client and curl --digest send (every value quoted / nc and qop bare). */
    private static final List<String> DIGEST_SEEDS = List.of(
            "Digest username=\"dev1\", realm=\"EST Digest\", nonce=\"AAAAAGdJ2w8xN3qzRk9b8sYhVZ0tGQ7o2lX1pA\", "
                    + "uri=\"/.well-known/est/digest/simpleenroll\", response=\"0123456789abcdef0123456789abcdef\", "
                    + "cnonce=\"MTIzNDU2Nzg=\", qop=\"auth\", nc=\"00000001\", algorithm=\"MD5\", opaque=\"00ff00ff00ff00ff\"",
            "Digest username=\"dev1\", realm=\"EST\", nonce=\"n0nce\", uri=\"/.well-known/est/simpleenroll\", "
                    + "cnonce=\"YzE3\", nc=00000001, qop=auth, response=\"e3b0c44298fc1c149afbf4c8996fb924\", "
                    + "algorithm=SHA-256",
            "digest username=dev1,realm=EST,nonce=x,uri=/.well-known/est/simpleenroll,nc=00000001,cnonce=y,qop=auth,"
                    + "response=z",
            "Digest username=\"a\\\"b\\\\c\", realm=\"EST\"");
    private static final List<String> BASIC_SEEDS = List.of("Basic ZGV2MTpzZWNyZXQ=", "basic ZGV2MTo=", "Basic Og==",
            "Basic ", "Basic", "BASIC   ZGV2MTpzZWNyZXQ=  ");
    private static final List<byte[]> DICTIONARY = List.of(ascii("\""), ascii("\\"), ascii("\\\""), ascii(","),
            ascii("="), ascii("=\""), ascii(" "), ascii("\t"), ascii("\r\n"), ascii("\0"), ascii(":"),
            ascii("Digest "), ascii("Basic "), ascii("username="), ascii("nc="), ascii("qop=auth"), ascii(",,,,"),
            ascii("=="), "é\uFFFD\uD800".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xc3},
            ascii("realm=\"EST\""), ascii("algorithm=\"SHA-256\""));

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Exactly what RequestCredentials does with the header; IllegalArgumentException is the 401. */
    private static void readAsTheResourceDoes(String header) {
        try {
            Optional<DigestResponse> digest = ClientCredentials.parseDigest(header);
            if (digest.isPresent()) {
                // the Authenticator looks the device up by username: present, and free of control characters
                assertNotNull(digest.get().username(), "a Digest value without username");
                digest.get().params().forEach((k, v) -> {
                    assertNotNull(v);
                    assertFalse((k + v).chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f), k + "=" + v);
                });
                digest.get().toString();
            } else {
                ClientCredentials.parseBasic(header).ifPresent(b -> assertFalse(b.user().contains(":"), b.user()));
            }
        } catch (IllegalArgumentException expected) {
            // a 401 with WWW-Authenticate
        }
    }

    @Property(tries = 20_000)
    void anyHeaderIsCredentialsOrA401(@ForAll @Size(max = 400) String header) {
        readAsTheResourceDoes(header);
    }

    @Property(tries = 20_000)
    void mutatedDigestHeadersAreCredentialsOrA401(@ForAll("digestSeeds") String seed,
            @ForAll("mutations") List<Mutation> edits) {
        String header = new String(Mutation.applyAll(seed.getBytes(StandardCharsets.UTF_8), edits), StandardCharsets.UTF_8);
        readAsTheResourceDoes(header);
        try {
            DigestResponse.parse(header);
        } catch (IllegalArgumentException expected) {
            // a 401
        }
    }

    @Property(tries = 20_000)
    void mutatedBasicHeadersAreCredentialsOrA401(@ForAll("basicSeeds") String seed,
            @ForAll("mutations") List<Mutation> edits) {
        readAsTheResourceDoes(new String(Mutation.applyAll(seed.getBytes(StandardCharsets.UTF_8), edits),
                StandardCharsets.ISO_8859_1));
    }

    /** Basic with any decoded bytes: NUL, control characters, invalid UTF-8, huge users, no colon. */
    @Property(tries = 20_000)
    void basicWithAnyDecodedBytesIsCredentialsOrA401(@ForAll @Size(max = 5000) byte[] userPass,
            @ForAll("schemes") String scheme) {
        readAsTheResourceDoes(scheme + Base64.getEncoder().encodeToString(userPass));
    }

    @Property(tries = 10_000)
    void basicRoundTripsUserAndPassword(@ForAll("users") String user, @ForAll @Size(max = 100) String password) {
        String header = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        if (!org.estgateway.ejb.input.InputText.plain(user, 255)) {
            // a user name with control characters never reaches the database: refused like bad credentials (401)
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ClientCredentials.parseBasic(header));
            return;
        }
        Optional<ClientCredentials.Basic> basic = ClientCredentials.parseBasic(header);
        if (user.isEmpty() && password.isEmpty()) {
            assertEquals(Optional.empty(), basic);
        } else {
            assertEquals(Optional.of(new ClientCredentials.Basic(user, password)), basic);
        }
    }

    /** Any parameters (with a username, without control characters), quoted and escaped as RFC 7616 says, parse back. */
    @Property(tries = 10_000)
    void quotedDigestParametersRoundTrip(@ForAll("params") Map<String, String> params, @ForAll("separators") String sep) {
        params.putIfAbsent("username", "dev1");
        StringBuilder header = new StringBuilder("Digest ");
        params.forEach((k, v) -> header.append(k).append("=\"").append(v.replace("\\", "\\\\").replace("\"", "\\\""))
                .append('"').append(sep));
        assertEquals(params, ClientCredentials.parseDigest(header.toString()).orElseThrow().params());
    }

    @Provide
    Arbitrary<String> digestSeeds() {
        return Arbitraries.of(DIGEST_SEEDS);
    }

    @Provide
    Arbitrary<String> basicSeeds() {
        return Arbitraries.of(BASIC_SEEDS);
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Mutation.lists(DICTIONARY, 8);
    }

    @Provide
    Arbitrary<String> schemes() {
        return Arbitraries.of("Basic ", "basic ", "Basic\t", "Basic  ", " Basic ", "Bearer ", "Digest ", "Basic \0");
    }

    @Provide
    Arbitrary<String> users() {
        return Arbitraries.strings().all().ofMaxLength(300).filter(u -> !u.contains(":"))
                .filter(u -> u.codePoints().allMatch(Character::isDefined) && u.chars().noneMatch(c -> Character.isSurrogate((char) c)));
    }

    @Provide
    Arbitrary<Map<String, String>> params() {
        Arbitrary<String> keys = Arbitraries.strings().withCharRange('a', 'z').withChars('-', '_').ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> values = Arbitraries.strings().all().ofMaxLength(60)
                .filter(v -> v.chars().noneMatch(c -> c < 0x20 && c != '\t' || c == 0x7f));
        return Arbitraries.maps(keys, values).ofMinSize(1).ofMaxSize(12).map(LinkedHashMap::new);
    }

    @Provide
    Arbitrary<String> separators() {
        return Arbitraries.of(",", ", ", " ,\t", ",,", "\t", ", \t ,");
    }
}
