// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.pki;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Boolean;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.estgateway.ejb.error.MalformedRequest;

/**
 * What a CA accepts as a PKCS#10 request (RFC 2986) before it looks at the key or the signature: strict DER
 * that re-encodes to the same bytes, version 0, bounded sizes and counts, and the value rules of
 * {@link SubjectValues} and {@link SanLimits}. Every refusal is a {@link MalformedRequest} (400) with a short
 * reason; nothing here depends on the procedure.
 */
public final class CsrLimits {
    /** RSA 16384 (the key policy's largest key) needs about 4.5 KB; the EST body cap is 64 KiB. */
    static final int MAX_DER = 16 * 1024;
    static final int MAX_ATTRIBUTES = 16;
    static final int MAX_ATTRIBUTE_VALUES = 8;
    static final int MAX_EXTENSIONS = 16;
    static final String NOT_PKCS10 = "body is not a DER PKCS#10 certification request";

    /** PKCS#9 attributes that have exactly one value (RFC 2985 §5.4: SINGLE VALUE TRUE). */
    private static final Set<ASN1ObjectIdentifier> SINGLE_VALUED = Set.of(
            PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, PKCSObjectIdentifiers.pkcs_9_at_challengePassword);
    /** PKCS#9 string attributes whose values the gateway reads (subject completion, challengePassword). */
    private static final Set<ASN1ObjectIdentifier> STRING_VALUED = Set.of(
            PKCSObjectIdentifiers.pkcs_9_at_challengePassword, PKCSObjectIdentifiers.pkcs_9_at_unstructuredName,
            PKCSObjectIdentifiers.pkcs_9_at_unstructuredAddress);

    /**
     * CSR attributes a request may carry: PKCS#9 extensionRequest, challengePassword, unstructuredName and
     * unstructuredAddress, and the four Microsoft enrollment attributes Windows clients add (OS version, CSP,
     * client info, name-value pairs), which the gateway ignores. Anything else is refused: nothing the gateway
     * does not understand is signed.
     */
    static final Set<ASN1ObjectIdentifier> KNOWN_ATTRIBUTES = Set.of(
            PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, PKCSObjectIdentifiers.pkcs_9_at_challengePassword,
            PKCSObjectIdentifiers.pkcs_9_at_unstructuredName, PKCSObjectIdentifiers.pkcs_9_at_unstructuredAddress,
            new ASN1ObjectIdentifier("1.3.6.1.4.1.311.13.2.3"), new ASN1ObjectIdentifier("1.3.6.1.4.1.311.13.2.2"),
            new ASN1ObjectIdentifier("1.3.6.1.4.1.311.21.20"), new ASN1ObjectIdentifier("1.3.6.1.4.1.311.13.2.1"));

    private CsrLimits() {
    }

    /** Parses the request and applies every structural limit; refuses (400) otherwise. */
    public static CertificationRequest parse(byte[] der) {
        if (der.length > MAX_DER) {
            throw new MalformedRequest("the PKCS#10 request is " + der.length + " bytes, at most " + MAX_DER);
        }
        DerStrictness.check(der, "the PKCS#10 request");
        CertificationRequest request;
        byte[] reencoded;
        try {
            request = CertificationRequest.getInstance(ASN1Primitive.fromByteArray(der));
            reencoded = request.getEncoded(ASN1Encoding.DER);
        } catch (IOException | RuntimeException e) {
            throw new MalformedRequest(NOT_PKCS10);
        }
        if (!Arrays.equals(reencoded, der)) {
            // Whatever Bouncy Castle ignored or normalised: the bytes signed must be the bytes certified
            throw new MalformedRequest(NOT_PKCS10 + " (it does not re-encode to the same bytes)");
        }
        try {
            CertificationRequestInfo info = request.getCertificationRequestInfo();
            if (!info.getVersion().hasValue(0)) {
                throw new MalformedRequest("PKCS#10 version must be 0 (v1)");
            }
            SubjectValues.checkSubject(X500Name.getInstance(info.getSubject()), "subject");
            attributes(info.getAttributes());
            return request;
        } catch (MalformedRequest e) {
            throw e;
        } catch (RuntimeException e) {
            // a structure Bouncy Castle parsed but cannot interpret (e.g. a wrong type inside an attribute)
            throw new MalformedRequest(NOT_PKCS10);
        }
    }

    private static void attributes(ASN1Set attributes) {
        if (attributes == null) {
            return;
        }
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw new MalformedRequest("more than " + MAX_ATTRIBUTES + " CSR attributes");
        }
        Set<ASN1ObjectIdentifier> seen = new HashSet<>();
        for (ASN1Encodable element : attributes) {
            Attribute attribute = Attribute.getInstance(element);
            ASN1ObjectIdentifier type = attribute.getAttrType();
            ASN1Set values = attribute.getAttrValues();
            if (!KNOWN_ATTRIBUTES.contains(type)) {
                throw new MalformedRequest("CSR attribute " + type.getId() + " is not one this gateway accepts");
            }
            if (!seen.add(type)) {
                throw new MalformedRequest("CSR attribute " + type.getId() + " appears more than once");
            }
            if (values.size() == 0 || values.size() > (SINGLE_VALUED.contains(type) ? 1 : MAX_ATTRIBUTE_VALUES)) {
                throw new MalformedRequest("CSR attribute " + type.getId() + " has " + values.size() + " values");
            }
            if (STRING_VALUED.contains(type)) {
                for (ASN1Encodable value : values) {
                    SubjectValues.checkValue(type, value, "CSR attribute");
                }
            }
            if (PKCSObjectIdentifiers.pkcs_9_at_extensionRequest.equals(type)) {
                extensions(values.getObjectAt(0));
            }
        }
    }

    private static void extensions(ASN1Encodable value) {
        ASN1Sequence sequence = value instanceof ASN1Sequence s ? s : null;
        if (sequence == null || sequence.size() == 0) {
            throw new MalformedRequest("extensionRequest attribute is not a valid Extensions structure");
        }
        if (sequence.size() > MAX_EXTENSIONS) {
            throw new MalformedRequest("more than " + MAX_EXTENSIONS + " requested extensions");
        }
        Set<ASN1ObjectIdentifier> seen = new HashSet<>();
        for (ASN1Encodable element : sequence) {
            Extension extension;
            try {
                extension = Extension.getInstance(element);
            } catch (RuntimeException e) {
                throw new MalformedRequest("extensionRequest attribute is not a valid Extensions structure");
            }
            if (!seen.add(extension.getExtnId())) {
                // RFC 5280 §4.2: a certificate MUST NOT include more than one instance of an extension
                throw new MalformedRequest("extension " + extension.getExtnId().getId() + " requested twice");
            }
            if (element instanceof ASN1Sequence s && s.size() == 3 && s.getObjectAt(1) instanceof ASN1Boolean b
                    && !b.isTrue()) {
                throw new MalformedRequest("extension " + extension.getExtnId().getId()
                        + ": critical FALSE must be omitted in DER (DEFAULT value)");
            }
            byte[] extnValue = extension.getExtnValue().getOctets();
            DerStrictness.check(extnValue, "extension " + extension.getExtnId().getId());
            if (Extension.subjectAlternativeName.equals(extension.getExtnId())) {
                subjectAltName(extnValue);
            }
        }
    }

    private static void subjectAltName(byte[] extnValue) {
        GeneralNames names;
        try {
            names = GeneralNames.getInstance(ASN1Primitive.fromByteArray(extnValue));
            if (!Arrays.equals(names.getEncoded(ASN1Encoding.DER), extnValue)) {
                throw new MalformedRequest("subjectAltName extension does not re-encode to the same bytes");
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw new MalformedRequest("subjectAltName extension is not a valid GeneralNames structure");
        }
        SanLimits.check(names);
    }
}
