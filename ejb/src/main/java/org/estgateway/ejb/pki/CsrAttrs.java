// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.pki;

import java.io.IOException;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * RFC 7030 §4.5.2 {@code CsrAttrs ::= SEQUENCE SIZE (0..MAX) OF AttrOrOID}, as DER. An empty list means
 * "no attributes" (answered with 204).
 */
public record CsrAttrs(List<ASN1Encodable> items) {
    /** What the default procedure asks for: an EC P-256 key, signed with ECDSA-with-SHA256 (RFC 7030 §4.5.2 example). */
    public static CsrAttrs defaults() {
        return new CsrAttrs(List.of(
                new Attribute(X9ObjectIdentifiers.id_ecPublicKey, new DERSet(SECObjectIdentifiers.secp256r1)),
                X9ObjectIdentifiers.ecdsa_with_SHA256));
    }

    public static CsrAttrs oids(ASN1ObjectIdentifier... oids) {
        return new CsrAttrs(List.of(oids));
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    public byte[] der() {
        try {
            return new DERSequence(items.toArray(ASN1Encodable[]::new)).getEncoded("DER");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
