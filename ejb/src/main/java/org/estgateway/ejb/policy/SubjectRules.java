// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.policy;

import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.estgateway.ejb.error.Forbidden;
import org.estgateway.ejb.error.MalformedRequest;
import org.estgateway.ejb.pki.SubjectValues;

/** A procedure's subject rules ({@code subject.required}, {@code subject.allowed}), on the completed subject. */
public final class SubjectRules {
    private SubjectRules() {
    }

    /**
     * Subject attribute types the gateway does not know (SubjectValues) are refused (400) unless the procedure
     * sets {@code subject.allow-unknown-attributes} or names them in {@code subject.allowed}: a CA certifies
     * only what it understands.
     */
    public static void checkKnown(X500Name subject, boolean allowUnknown, Set<ASN1ObjectIdentifier> allowed) {
        if (allowUnknown) {
            return;
        }
        for (RDN rdn : subject.getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                if (!SubjectValues.isKnown(atv.getType()) && !allowed.contains(atv.getType())) {
                    throw new MalformedRequest("subject attribute " + name(atv.getType())
                            + " is not one the gateway certifies");
                }
            }
        }
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
