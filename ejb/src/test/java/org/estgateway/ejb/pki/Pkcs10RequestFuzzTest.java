// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.x509.GeneralName;
import org.estgateway.ejb.TestCsrs;
import org.estgateway.ejb.TestCsrs.KeyKind;
import org.estgateway.ejb.error.MalformedRequest;
import org.estgateway.ejb.fuzz.FuzzTries;
import org.estgateway.ejb.policy.KeyPolicy;
import org.estgateway.ejb.policy.SubjectCompletion;

/**
 * Mutation fuzzing of the PKCS#10 parser and {@link CsrLimits}: valid requests from the clients we see (RSA,
 * EC P-256, Ed25519), mutated by byte flips, truncation, insertion, deletion, length-byte changes and duplicated
 * TLVs. Property: parsing (and everything the policy then reads from the request) either refuses with
 * {@link MalformedRequest} or yields a request within the limits that re-encodes to the identical DER; no other
 * exception, no hang. Tries: {@code -Dest.fuzz.tries=N} (default 2000 per property, about 5 s each here).
 */
@AddLifecycleHook(FuzzTries.class)
class Pkcs10RequestFuzzTest {
    private static final List<byte[]> SEEDS = List.of(
            TestCsrs.csr("CN=meter-17,OU=Line 2,O=Example GmbH,C=DE,SERIALNUMBER=SN-17").key(KeyKind.RSA_2048)
                    .dnsName("meter-17.plant.example").ipAddress("192.0.2.17").der(),
            TestCsrs.csr("CN=meter-18,O=Example").key(KeyKind.EC_P256).dnsName("meter-18.example")
                    .email("ops@example.com").san(new GeneralName(GeneralName.uniformResourceIdentifier, "urn:dev:18"))
                    .unstructuredName("meter-18").der(),
            TestCsrs.csr("CN=meter-19").key(KeyKind.ED25519).der());

    @Property(tries = 2000, shrinking = ShrinkingMode.BOUNDED, afterFailure = AfterFailureMode.RANDOM_SEED, edgeCases = EdgeCasesMode.NONE)
    void mutatedRequestsAreRefusedOrWithinTheLimits(@ForAll("mutated") byte[] der) {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> parseAndRead(der));
    }

    @Property(tries = 2000, shrinking = ShrinkingMode.BOUNDED, afterFailure = AfterFailureMode.RANDOM_SEED, edgeCases = EdgeCasesMode.NONE)
    void mutatedBodiesAreRefusedOrWithinTheLimits(@ForAll("mutated") byte[] der) {
        // the same through the EST body decoder: base64 of the mutated DER, and the raw DER itself
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try {
                Pkcs10Request.fromBody(Base64Body.encode(der, Base64Body.Layout.WRAPPED));
            } catch (MalformedRequest e) {
                return;
            }
            parseAndRead(der);
        });
    }

    private static void parseAndRead(byte[] der) throws Exception {
        Pkcs10Request request;
        try {
            request = Pkcs10Request.fromDer(der);
        } catch (MalformedRequest e) {
            return;
        }
        assertArrayEquals(der, CertificationRequest.getInstance(der).getEncoded(ASN1Encoding.DER),
                "an accepted request re-encodes to identical DER");
        assertTrue(der.length <= CsrLimits.MAX_DER);
        try {
            request.subjectAltNames().ifPresent(n -> assertTrue(n.getNames().length <= SanLimits.MAX_NAMES));
            request.requestedExtensions();
            request.hasChallengePassword();
            request.unstructuredNames();
            request.unstructuredAddresses();
            SubjectCompletion.complete(request);
            KeyPolicy.checkVerifiable(request.publicKey());
            request.signatureValid();
        } catch (MalformedRequest e) {
            // a refusal of a later stage (key policy, subject completion) is fine
        }
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        Arbitrary<byte[]> seed = Arbitraries.of(SEEDS);
        Arbitrary<List<Mutation>> mutations = mutation().list().ofMinSize(1).ofMaxSize(4);
        return Combinators.combine(seed, mutations).as((s, ms) -> {
            byte[] d = s.clone();
            for (Mutation m : ms) {
                d = m.apply(d);
            }
            return d;
        });
    }

    /** One mutation; positions are fractions of the current length so they stay valid as the input changes. */
    private record Mutation(int kind, double where, int value, int size) {
        byte[] apply(byte[] d) {
            if (d.length == 0) {
                return d;
            }
            int at = Math.min(d.length - 1, (int) (where * d.length));
            byte[] out = d.clone();
            switch (kind) {
                case 0 -> out[at] ^= (byte) (1 << (value & 7));                    // bit flip
                case 1 -> out[at] = (byte) value;                                 // byte set
                case 2 -> out = Arrays.copyOf(d, at);                              // truncation
                case 3 -> out = insert(d, at, randomBytes(value, size));           // insertion
                case 4 -> out = delete(d, at, size);                               // deletion
                case 5 -> out = lengthChange(d, at, value);                        // a length byte ± small delta
                case 6 -> out = duplicateTlv(d, at);                               // a TLV repeated
                default -> out = Arrays.copyOf(d, d.length + 1 + size);            // trailing zero bytes
            }
            return out;
        }
    }

    private static Arbitrary<Mutation> mutation() {
        return Combinators.combine(Arbitraries.integers().between(0, 7), Arbitraries.doubles().between(0, 1),
                Arbitraries.integers().between(0, 255), Arbitraries.integers().between(1, 8)).as(Mutation::new);
    }

    private static byte[] randomBytes(int seed, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (seed * 31 + i * 131);
        }
        return b;
    }

    private static byte[] insert(byte[] d, int at, byte[] extra) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(d, 0, at);
        out.write(extra, 0, extra.length);
        out.write(d, at, d.length - at);
        return out.toByteArray();
    }

    private static byte[] delete(byte[] d, int at, int size) {
        int end = Math.min(d.length, at + size);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(d, 0, at);
        out.write(d, end, d.length - end);
        return out.toByteArray();
    }

    /** Finds the length octet of the TLV header nearest to {@code at} and changes it by -2..+2 or to 0x80+. */
    private static byte[] lengthChange(byte[] d, int at, int value) {
        List<int[]> tlvs = tlvs(d);
        if (tlvs.isEmpty()) {
            return d;
        }
        int[] tlv = tlvs.get(at % tlvs.size());
        byte[] out = d.clone();
        int delta = (value % 5) - 2;
        out[tlv[0] + 1] = value >= 250 ? (byte) (0x80 + (value - 250)) : (byte) (out[tlv[0] + 1] + (delta == 0 ? 1 : delta));
        return out;
    }

    private static byte[] duplicateTlv(byte[] d, int at) {
        List<int[]> tlvs = tlvs(d);
        if (tlvs.isEmpty()) {
            return d;
        }
        int[] tlv = tlvs.get(at % tlvs.size());
        return insert(d, tlv[1], Arrays.copyOfRange(d, tlv[0], tlv[1]));
    }

    /** Start and end of every TLV in a (still well-formed) DER prefix, walking into constructed ones. */
    private static List<int[]> tlvs(byte[] d) {
        List<int[]> result = new ArrayList<>();
        walk(d, 0, d.length, result, 0);
        return result;
    }

    private static void walk(byte[] d, int offset, int limit, List<int[]> result, int depth) {
        while (offset + 2 <= limit && depth < 20) {
            int tag = d[offset] & 0xff;
            int first = d[offset + 1] & 0xff;
            int contents = offset + 2;
            int length;
            if (first < 0x80) {
                length = first;
            } else {
                int n = first & 0x7f;
                if (n == 0 || n > 3 || contents + n > limit) {
                    return;
                }
                length = 0;
                for (int i = 0; i < n; i++) {
                    length = (length << 8) | (d[contents + i] & 0xff);
                }
                contents += n;
            }
            int end = contents + length;
            if (end > limit) {
                return;
            }
            result.add(new int[] {offset, end});
            if ((tag & 0x20) != 0) {
                walk(d, contents, end, result, depth + 1);
            }
            offset = end;
        }
    }
}
