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

    /**
     * What a procedure requires: the key type when it accepts only one kind (an EC curve as an id-ecPublicKey
     * attribute with the signature algorithm that fits it, or rsaEncryption), and the OIDs of the subject
     * attributes it requires. A procedure that accepts every key suggests EC P-256 (the default above).
     */
    public static CsrAttrs forProcedure(java.util.Set<String> keyTypes, java.util.Set<ASN1ObjectIdentifier> subjectRequired) {
        java.util.List<ASN1Encodable> items = new java.util.ArrayList<>();
        if (keyTypes.isEmpty()) {
            items.addAll(defaults().items());
        } else if (keyTypes.size() == 1 && keyTypes.contains("rsa")) {
            items.add(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.rsaEncryption);
            items.add(org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.sha256WithRSAEncryption);
        } else if (keyTypes.size() == 1 && keyTypes.iterator().next().startsWith("ec-")) {
            switch (keyTypes.iterator().next()) {
                case "ec-p384" -> items.addAll(List.of(new Attribute(X9ObjectIdentifiers.id_ecPublicKey,
                        new DERSet(SECObjectIdentifiers.secp384r1)), X9ObjectIdentifiers.ecdsa_with_SHA384));
                case "ec-p521" -> items.addAll(List.of(new Attribute(X9ObjectIdentifiers.id_ecPublicKey,
                        new DERSet(SECObjectIdentifiers.secp521r1)), X9ObjectIdentifiers.ecdsa_with_SHA512));
                default -> items.addAll(defaults().items());
            }
        } else if (keyTypes.size() == 1 && keyTypes.contains("ed25519")) {
            items.add(org.bouncycastle.asn1.edec.EdECObjectIdentifiers.id_Ed25519);
        }
        subjectRequired.stream().sorted(java.util.Comparator.comparing(ASN1ObjectIdentifier::getId)).forEach(items::add);
        return new CsrAttrs(List.copyOf(items));
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
