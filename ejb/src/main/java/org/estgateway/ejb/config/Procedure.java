// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.config;

import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.estgateway.ejb.policy.Profile;

/**
 * A certificate procedure (the seed's "token procedure"): the profile, the subject rules, the accepted key
 * types, and the certificate format with its custom format fields.
 *
 * @param subjectRequired subject attributes a request must carry (after completion)
 * @param subjectAllowed subject attributes a request may carry; empty = any
 * @param keyTypes accepted key types ({@link KeyAlgorithms} names); empty = all that the key policy allows
 * @param format "default" or "estenroll" (factory-certificate enrollment, SPEC §4.3)
 * @param requireTrustAnchor estenroll: a factory certificate must chain to a registered manufacturer CA
 * @param allowUnknownSubjectAttributes subject.allow-unknown-attributes: subject attribute types the gateway
 *        does not know are accepted (their values still obey the string rules); default false
 */
public record Procedure(String id, String name, Profile profile, Set<ASN1ObjectIdentifier> subjectRequired,
        Set<ASN1ObjectIdentifier> subjectAllowed, Set<String> keyTypes, String serverKeygenKeyType, String format,
        boolean useAuthenticationCert, boolean mandatoryPassword, boolean checkSubjectValues,
        boolean requireTrustAnchor, boolean allowUnknownSubjectAttributes, String ca) {

    public static final String DEFAULT_CA = "default";

    public static final String FORMAT_DEFAULT = "default";
    public static final String FORMAT_ESTENROLL = "estenroll";

    /** The procedure used when est.properties names none: device certificates from the built-in CA. */
    public static Procedure builtIn() {
        return new Procedure("default", "default", Profile.DEVICE, Set.of(), Set.of(), Set.of(),
                KeyAlgorithms.SERVERKEYGEN_DEFAULT, FORMAT_DEFAULT, false, true, false, true, false, DEFAULT_CA);
    }
}
