// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.pki;

import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * Reading attribute values out of distinguished names by type. Never {@code RDN.getFirst()}: in a
 * multi-valued RDN such as {O=x + SERIALNUMBER=y} the first value can belong to another attribute.
 */
public final class Names {
    private Names() {
    }

    /** Every value of this attribute type, in order, including those inside multi-valued RDNs. */
    public static List<String> values(X500Name name, ASN1ObjectIdentifier type) {
        List<String> values = new ArrayList<>();
        for (RDN rdn : name.getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                if (atv.getType().equals(type)) {
                    values.add(text(atv.getValue()));
                }
            }
        }
        return values;
    }

    public static boolean hasMultiValuedRdn(X500Name name) {
        for (RDN rdn : name.getRDNs()) {
            if (rdn.isMultiValued()) {
                return true;
            }
        }
        return false;
    }

    public static String text(ASN1Encodable value) {
        return value instanceof ASN1String s ? s.getString() : value.toString();
    }
}
