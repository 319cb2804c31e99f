// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * One edit of a byte string, as a value jqwik can generate and shrink (a failing list of edits shrinks to the
 * few that matter). {@code at} is taken modulo the current length, so any list applies to any seed.
 */
record Mutation(Kind kind, int at, int length, byte[] payload) {

    enum Kind { INSERT, OVERWRITE, DELETE, FLIP_BIT, DUPLICATE, TRUNCATE, SET_BYTE }

    /** Lists of up to {@code max} edits whose payloads come from the dictionary or are random bytes. */
    static Arbitrary<List<Mutation>> lists(List<byte[]> dictionary, int max) {
        Arbitrary<byte[]> payloads = Arbitraries.oneOf(
                Arbitraries.of(dictionary),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(16),
                Arbitraries.strings().all().ofMaxLength(8).map(s -> s.getBytes(StandardCharsets.UTF_8)));
        Arbitrary<Mutation> one = Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().greaterOrEqual(0),
                Arbitraries.integers().between(1, 64), payloads).as(Mutation::new);
        return one.list().ofMaxSize(max);
    }

    static byte[] applyAll(byte[] seed, List<Mutation> mutations) {
        byte[] b = seed;
        for (Mutation m : mutations) {
            b = m.apply(b);
        }
        return b;
    }

    byte[] apply(byte[] in) {
        int n = in.length;
        int pos = n == 0 ? 0 : at % (n + 1);
        int end = Math.min(n, pos + length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(n + payload.length + length);
        switch (kind) {
            case INSERT -> {
                out.write(in, 0, pos);
                out.writeBytes(payload);
                out.write(in, pos, n - pos);
            }
            case OVERWRITE -> {
                out.write(in, 0, pos);
                out.writeBytes(payload);
                int after = Math.min(n, pos + payload.length);
                out.write(in, after, n - after);
            }
            case DELETE -> {
                out.write(in, 0, pos);
                out.write(in, end, n - end);
            }
            case FLIP_BIT -> {
                byte[] c = in.clone();
                if (n > 0) {
                    c[Math.min(pos, n - 1)] ^= (byte) (1 << (length % 8));
                }
                return c;
            }
            case DUPLICATE -> {
                out.write(in, 0, end);
                out.write(in, pos, end - pos);
                out.write(in, end, n - end);
            }
            case TRUNCATE -> {
                return Arrays.copyOf(in, pos);
            }
            case SET_BYTE -> {
                byte[] c = in.clone();
                if (n > 0) {
                    c[Math.min(pos, n - 1)] = payload.length == 0 ? 0 : payload[0];
                }
                return c;
            }
            default -> throw new IllegalStateException(kind.toString());
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return kind + "@" + at + "/" + length + ":" + HexFormat.of().formatHex(payload);
    }
}
