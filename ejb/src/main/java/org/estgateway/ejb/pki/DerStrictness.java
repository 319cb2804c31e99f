// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.pki;

import org.estgateway.ejb.error.MalformedRequest;

/**
 * A strict DER scan (X.690 §10) of one complete TLV, done before Bouncy Castle parses anything: definite
 * lengths in their shortest form, no trailing bytes, no constructed strings, canonical BOOLEAN, INTEGER and BIT
 * STRING, SET OF in ascending order, and a bounded nesting depth. The scan is iterative, so a hostile input
 * cannot exhaust the stack of the (recursive) Bouncy Castle parser that runs after it. Pure; linear in the
 * input.
 */
public final class DerStrictness {
    /** A CSR nests about 9 levels; explicit EC parameters or nested extensions a few more. */
    static final int MAX_DEPTH = 20;

    private static final int BOOLEAN = 0x01;
    private static final int INTEGER = 0x02;
    private static final int BIT_STRING = 0x03;
    private static final int SET = 0x31;

    private DerStrictness() {
    }

    /** Refuses (400) unless {@code der} is exactly one strict DER TLV. {@code what} names it in the reason. */
    public static void check(byte[] der, String what) {
        if (der.length == 0) {
            throw refusal(what, "empty");
        }
        int end = element(der, 0, der.length, 0, what);
        if (end != der.length) {
            throw refusal(what, (der.length - end) + " bytes after the end of the structure");
        }
    }

    /** Checks the element at {@code offset} (which must end by {@code limit}) and returns where it ends. */
    private static int element(byte[] der, int offset, int limit, int depth, String what) {
        if (depth > MAX_DEPTH) {
            throw refusal(what, "nested deeper than " + MAX_DEPTH + " levels");
        }
        if (limit - offset < 2) {
            throw refusal(what, "truncated");
        }
        int tag = der[offset] & 0xff;
        if ((tag & 0x1f) == 0x1f) {
            throw refusal(what, "high tag numbers are not used in certification requests");
        }
        boolean constructed = (tag & 0x20) != 0;
        boolean universal = (tag & 0xc0) == 0;
        if (universal && constructed != (tag == 0x30 || tag == SET)) {
            // X.690 §10.2: DER strings are primitive; SEQUENCE and SET are always constructed
            throw refusal(what, String.format("tag 0x%02x in a form DER does not allow", tag));
        }
        int first = der[offset + 1] & 0xff;
        int contents = offset + 2;
        int length;
        if (first < 0x80) {
            length = first;
        } else if (first == 0x80) {
            throw refusal(what, "indefinite length (BER, not DER)");
        } else {
            int count = first & 0x7f;
            if (count > 3 || limit - contents < count) {
                throw refusal(what, "length field longer than a CSR needs");
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                length = (length << 8) | (der[contents + i] & 0xff);
            }
            contents += count;
            if (der[offset + 2] == 0 || length < 0x80) {
                throw refusal(what, "length not in its shortest form (BER, not DER)");
            }
        }
        if (length > limit - contents) {
            throw refusal(what, "length beyond the end of the data");
        }
        int end = contents + length;
        if (constructed) {
            int previous = -1;
            for (int child = contents; child < end;) {
                int childEnd = element(der, child, end, depth + 1, what);
                if (tag == SET && previous >= 0 && compare(der, previous, child, child, childEnd) > 0) {
                    throw refusal(what, "SET OF elements not in DER order");
                }
                previous = child;
                child = childEnd;
            }
        } else if (universal) {
            primitive(der, tag, contents, length, what);
        }
        return end;
    }

    private static void primitive(byte[] der, int tag, int contents, int length, String what) {
        switch (tag) {
            case BOOLEAN -> {
                if (length != 1 || (der[contents] != 0 && der[contents] != (byte) 0xff)) {
                    throw refusal(what, "BOOLEAN not encoded as 0x00 or 0xFF");
                }
            }
            case INTEGER -> {
                if (length == 0) {
                    throw refusal(what, "empty INTEGER");
                }
                if (length > 1 && ((der[contents] == 0 && der[contents + 1] >= 0)
                        || (der[contents] == (byte) 0xff && der[contents + 1] < 0))) {
                    throw refusal(what, "INTEGER not in its shortest form");
                }
            }
            case BIT_STRING -> {
                int unused = length == 0 ? -1 : der[contents] & 0xff;
                if (unused < 0 || unused > 7 || (length == 1 && unused != 0)
                        || (unused > 0 && (der[contents + length - 1] & ((1 << unused) - 1)) != 0)) {
                    throw refusal(what, "BIT STRING padding not DER");
                }
            }
            default -> {
            }
        }
    }

    /** X.690 §11.6: SET OF elements in ascending order of their encodings, as unsigned octet strings. */
    private static int compare(byte[] der, int aStart, int aEnd, int bStart, int bEnd) {
        int n = Math.min(aEnd - aStart, bEnd - bStart);
        for (int i = 0; i < n; i++) {
            int d = (der[aStart + i] & 0xff) - (der[bStart + i] & 0xff);
            if (d != 0) {
                return d;
            }
        }
        return (aEnd - aStart) - (bEnd - bStart);
    }

    private static MalformedRequest refusal(String what, String reason) {
        return new MalformedRequest(what + " is not strict DER: " + reason);
    }
}
