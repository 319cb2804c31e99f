// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * What to certify: decided by policy and profile, signed by {@link CertificateIssuer}.
 *
 * @param keyUsage bits of {@link org.bouncycastle.asn1.x509.KeyUsage}, 0 for none
 */
public record CertificateTemplate(X500Name subject, Optional<GeneralNames> subjectAltNames,
        SubjectPublicKeyInfo publicKey, Instant notBefore, Instant notAfter, int keyUsage,
        List<KeyPurposeId> extendedKeyUsage, boolean certificateAuthority) {
}
