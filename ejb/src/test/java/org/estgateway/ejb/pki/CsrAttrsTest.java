// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Test;

class CsrAttrsTest {

    @Test
    void defaultsAreASequenceOfTwoItems() throws Exception {
        ASN1Sequence sequence = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(CsrAttrs.defaults().der()));
        assertEquals(2, sequence.size());
    }

    @Test
    void defaultsAskForAnEcP256KeySignedWithEcdsaSha256() {
        ASN1Sequence sequence = ASN1Sequence.getInstance(CsrAttrs.defaults().der());
        Attribute key = Attribute.getInstance(sequence.getObjectAt(0));
        assertEquals(X9ObjectIdentifiers.id_ecPublicKey, key.getAttrType());
        assertEquals(SECObjectIdentifiers.secp256r1, key.getAttrValues().getObjectAt(0));
        assertEquals(X9ObjectIdentifiers.ecdsa_with_SHA256, ASN1ObjectIdentifier.getInstance(sequence.getObjectAt(1)));
    }

    @Test
    void noAttributesIsAnEmptySequence() {
        CsrAttrs none = CsrAttrs.oids();
        assertTrue(none.isEmpty());
        assertFalse(CsrAttrs.defaults().isEmpty());
        assertEquals(0, ASN1Sequence.getInstance(none.der()).size());
    }
}
