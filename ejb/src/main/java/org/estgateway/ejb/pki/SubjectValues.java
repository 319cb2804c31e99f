// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.pki;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1BMPString;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1PrintableString;
import org.bouncycastle.asn1.ASN1T61String;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.estgateway.ejb.error.MalformedRequest;

/**
 * The string rules for distinguished-name attribute values and PKCS#9 request attributes: the string types
 * RFC 5280 (Appendix A) and PKCS#9 (RFC 2985) allow for each attribute, their upper bounds ("ub-*", in
 * characters), and no control characters. Which attributes a procedure accepts is the policy's business
 * ({@code SubjectRules}); these rules hold for every value, known or not.
 */
public final class SubjectValues {
    /** A real device subject has a handful of attributes; 20 leaves room for several OUs and DCs. */
    static final int MAX_ATTRIBUTES = 20;
    /** The subject is stored in indexed columns (B-tree entries are limited to about 2.7 KB). */
    static final int MAX_SUBJECT_DER = 1024;
    /** Bound for attributes without an RFC 5280 upper bound, and for unknown ones a procedure allows. */
    static final int DEFAULT_BOUND = 255;

    private enum Kind { PRINTABLE, UTF8, BMP, T61, IA5 }

    /** DirectoryString (RFC 5280 §4.1.2.4); TeletexString only when its content is plain ASCII. */
    private static final Set<Kind> DIRECTORY = Set.of(Kind.PRINTABLE, Kind.UTF8, Kind.BMP, Kind.T61);
    private static final Set<Kind> PKCS9 = Set.of(Kind.PRINTABLE, Kind.UTF8, Kind.BMP, Kind.T61, Kind.IA5);

    private record Rule(int bound, Set<Kind> kinds) {
    }

    private static final Map<ASN1ObjectIdentifier, Rule> RULES = Map.ofEntries(
            Map.entry(BCStyle.CN, new Rule(64, DIRECTORY)),                  // ub-common-name
            Map.entry(BCStyle.O, new Rule(64, DIRECTORY)),                   // ub-organization-name
            Map.entry(BCStyle.OU, new Rule(64, DIRECTORY)),                  // ub-organizational-unit-name
            Map.entry(BCStyle.L, new Rule(128, DIRECTORY)),                  // ub-locality-name
            Map.entry(BCStyle.ST, new Rule(128, DIRECTORY)),                 // ub-state-name
            Map.entry(BCStyle.STREET, new Rule(128, DIRECTORY)),
            Map.entry(BCStyle.POSTAL_CODE, new Rule(40, DIRECTORY)),         // ub-postal-code
            Map.entry(BCStyle.C, new Rule(2, Set.of(Kind.PRINTABLE))),       // ub-country-name-alpha-length
            Map.entry(BCStyle.SERIALNUMBER, new Rule(64, Set.of(Kind.PRINTABLE))), // ub-serial-number
            Map.entry(BCStyle.T, new Rule(64, DIRECTORY)),                   // ub-title
            Map.entry(BCStyle.GIVENNAME, new Rule(64, DIRECTORY)),           // ub-name is 32768: ours is 64
            Map.entry(BCStyle.SURNAME, new Rule(64, DIRECTORY)),
            Map.entry(BCStyle.INITIALS, new Rule(64, DIRECTORY)),
            Map.entry(BCStyle.GENERATION, new Rule(64, DIRECTORY)),
            Map.entry(BCStyle.NAME, new Rule(64, DIRECTORY)),
            Map.entry(BCStyle.PSEUDONYM, new Rule(128, DIRECTORY)),          // ub-pseudonym
            Map.entry(BCStyle.DN_QUALIFIER, new Rule(64, Set.of(Kind.PRINTABLE))),
            Map.entry(BCStyle.BUSINESS_CATEGORY, new Rule(128, DIRECTORY)),
            Map.entry(BCStyle.ORGANIZATION_IDENTIFIER, new Rule(64, DIRECTORY)),
            Map.entry(BCStyle.UID, new Rule(64, DIRECTORY)),
            Map.entry(BCStyle.DC, new Rule(63, Set.of(Kind.IA5))),           // one DNS label (RFC 4519)
            Map.entry(BCStyle.EmailAddress, new Rule(255, Set.of(Kind.IA5))), // ub-emailaddress-length
            Map.entry(PKCSObjectIdentifiers.pkcs_9_at_unstructuredName, new Rule(255, PKCS9)),
            Map.entry(PKCSObjectIdentifiers.pkcs_9_at_unstructuredAddress, new Rule(255, DIRECTORY)),
            Map.entry(PKCSObjectIdentifiers.pkcs_9_at_challengePassword, new Rule(255, DIRECTORY)));
    /** Attribute types that may appear more than once in a subject; a second CN or C would be ambiguous. */
    private static final Set<ASN1ObjectIdentifier> REPEATABLE = Set.of(BCStyle.OU, BCStyle.DC, BCStyle.STREET);
    private static final Pattern PRINTABLE = Pattern.compile("[A-Za-z0-9 '()+,./:=?-]*");
    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");

    private SubjectValues() {
    }

    /** Whether the gateway knows this subject attribute type (a procedure may allow others). */
    public static boolean isKnown(ASN1ObjectIdentifier type) {
        return RULES.containsKey(type) && !PKCSObjectIdentifiers.pkcs_9_at_challengePassword.equals(type);
    }

    /** The subject's size, attribute count, repeated attributes and every value. */
    public static void checkSubject(X500Name subject, String where) {
        Set<ASN1ObjectIdentifier> seen = new HashSet<>();
        int count = 0;
        for (RDN rdn : subject.getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                if (++count > MAX_ATTRIBUTES) {
                    throw new MalformedRequest(where + ": more than " + MAX_ATTRIBUTES + " attributes");
                }
                if (!seen.add(atv.getType()) && !REPEATABLE.contains(atv.getType())) {
                    throw new MalformedRequest(where + ": " + name(atv.getType()) + " appears more than once");
                }
                checkValue(atv.getType(), atv.getValue(), where);
            }
        }
        byte[] der = encoded(subject.toASN1Primitive());
        if (der.length > MAX_SUBJECT_DER) {
            throw new MalformedRequest(where + ": " + der.length + " bytes, at most " + MAX_SUBJECT_DER);
        }
    }

    /** One attribute value: a string type allowed for its attribute, within its bound, no control characters. */
    public static void checkValue(ASN1ObjectIdentifier type, ASN1Encodable value, String where) {
        Rule rule = RULES.getOrDefault(type, new Rule(DEFAULT_BOUND, PKCS9));
        String label = where + " " + name(type);
        ASN1Primitive primitive = value.toASN1Primitive();
        Kind kind = kindOf(primitive);
        if (kind == null || !rule.kinds().contains(kind)) {
            throw new MalformedRequest(label + ": string type not allowed for this attribute");
        }
        String text = decode(kind, primitive, label);
        int length = text.codePointCount(0, text.length());
        if (length == 0 || length > rule.bound()) {
            throw new MalformedRequest(label + ": " + length + " characters, must be 1 to " + rule.bound());
        }
        checkCharacters(text, label);
        boolean ascii = text.chars().allMatch(c -> c < 0x80);
        if ((kind == Kind.PRINTABLE && !PRINTABLE.matcher(text).matches()) || (kind == Kind.T61 && !ascii)
                || (kind == Kind.IA5 && !ascii)) {
            throw new MalformedRequest(label + ": characters outside its string type");
        }
        if (BCStyle.C.equals(type) && !COUNTRY.matcher(text).matches()) {
            throw new MalformedRequest(label + ": must be a two-letter ISO 3166 code");
        }
    }

    /** No C0 controls (NUL included), DEL, C1 controls, line/paragraph separators, bidi overrides. */
    public static void checkCharacters(String text, String label) {
        text.codePoints().forEach(c -> {
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 || (c >= 0x202a && c <= 0x202e)
                    || (c >= 0x2066 && c <= 0x2069) || c == 0xfeff || c == 0xfffe || c == 0xffff) {
                throw new MalformedRequest(label + ": control character U+" + String.format("%04X", c));
            }
        });
    }

    private static Kind kindOf(ASN1Primitive p) {
        if (p instanceof ASN1PrintableString) {
            return Kind.PRINTABLE;
        } else if (p instanceof ASN1UTF8String) {
            return Kind.UTF8;
        } else if (p instanceof ASN1BMPString) {
            return Kind.BMP;
        } else if (p instanceof ASN1T61String) {
            return Kind.T61;
        } else if (p instanceof ASN1IA5String) {
            return Kind.IA5;
        }
        return null;
    }

    /** The characters, decoded strictly from the content octets (Bouncy Castle's getString() is lenient). */
    private static String decode(Kind kind, ASN1Primitive p, String label) {
        byte[] contents = contents(encoded(p));
        var charset = switch (kind) {
            case UTF8 -> StandardCharsets.UTF_8;
            case BMP -> StandardCharsets.UTF_16BE;
            default -> StandardCharsets.ISO_8859_1;
        };
        if (kind == Kind.BMP && contents.length % 2 != 0) {
            throw new MalformedRequest(label + ": BMPString of odd length");
        }
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(contents)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedRequest(label + ": invalid " + (kind == Kind.UTF8 ? "UTF-8" : "UTF-16"));
        }
    }

    static byte[] encoded(ASN1Primitive p) {
        try {
            return p.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new MalformedRequest("cannot encode a name as DER");
        }
    }

    /** The content octets of a DER TLV (one tag byte, definite length). */
    static byte[] contents(byte[] tlv) {
        int first = tlv[1] & 0xff;
        int offset = first < 0x80 ? 2 : 2 + (first & 0x7f);
        return java.util.Arrays.copyOfRange(tlv, offset, tlv.length);
    }

    static String name(ASN1ObjectIdentifier type) {
        String n = BCStyle.INSTANCE.oidToDisplayName(type);
        return n == null ? type.getId() : n;
    }
}
