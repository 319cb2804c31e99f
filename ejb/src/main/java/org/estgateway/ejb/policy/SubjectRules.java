// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.policy;

import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.estgateway.ejb.error.Forbidden;

/** A procedure's subject rules ({@code subject.required}, {@code subject.allowed}), on the completed subject. */
public final class SubjectRules {
    private SubjectRules() {
    }

    public static void check(X500Name subject, Set<ASN1ObjectIdentifier> required, Set<ASN1ObjectIdentifier> allowed) {
        for (ASN1ObjectIdentifier type : required) {
            if (subject.getRDNs(type).length == 0) {
                throw new Forbidden("subject rule: " + name(type) + " is required");
            }
        }
        if (allowed.isEmpty()) {
            return;
        }
        for (RDN rdn : subject.getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                if (!allowed.contains(atv.getType())) {
                    throw new Forbidden("subject rule: " + name(atv.getType()) + " is not allowed");
                }
            }
        }
    }

    private static String name(ASN1ObjectIdentifier type) {
        String n = BCStyle.INSTANCE.oidToDisplayName(type);
        return n == null ? type.getId() : n;
    }
}
