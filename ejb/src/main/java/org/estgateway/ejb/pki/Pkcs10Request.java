// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.pki;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.estgateway.ejb.error.MalformedRequest;

/** A parsed PKCS#10 certification request (RFC 2986). Immutable; compares by DER. */
public final class Pkcs10Request {
    private final byte[] der;
    private final PKCS10CertificationRequest csr;

    private Pkcs10Request(byte[] der, PKCS10CertificationRequest csr) {
        this.der = der;
        this.csr = csr;
    }

    /** Parses an EST request body (base64 in any layout, PEM armour, or DER). */
    public static Pkcs10Request fromBody(byte[] body) {
        return fromDer(Base64Body.decode(body));
    }

    /**
     * Parses a request and applies {@link CsrLimits} (strict DER, version 0, bounded sizes, subject and SAN
     * value rules) before anything else looks at it. The key and the signature are the policy's business.
     */
    public static Pkcs10Request fromDer(byte[] der) {
        return new Pkcs10Request(der.clone(), new PKCS10CertificationRequest(CsrLimits.parse(der)));
    }

    /** Proof of possession: the request is signed with the private key of the public key it carries. */
    public boolean signatureValid() {
        try {
            return csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(Crypto.BC)
                    .build(csr.getSubjectPublicKeyInfo()));
        } catch (OperatorCreationException | PKCSException | RuntimeException e) {
            return false;
        }
    }

    public byte[] der() {
        return der.clone();
    }

    public Fingerprint sha256() {
        return Fingerprint.sha256(der);
    }

    public X500Name subject() {
        return csr.getSubject();
    }

    public SubjectPublicKeyInfo publicKey() {
        return csr.getSubjectPublicKeyInfo();
    }

    /** The subjectAltName the request asks for in its extensionRequest attribute, if any. */
    public Optional<GeneralNames> subjectAltNames() {
        try {
            return requestedExtensions().map(e -> GeneralNames.fromExtensions(e, Extension.subjectAlternativeName));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new MalformedRequest("subjectAltName extension is not a valid GeneralNames structure");
        }
    }

    public Optional<Extensions> requestedExtensions() {
        Attribute[] attrs = csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
        if (attrs.length == 0 || attrs[0].getAttrValues().size() == 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(Extensions.getInstance(attrs[0].getAttrValues().getObjectAt(0)));
        } catch (RuntimeException e) {
            throw new MalformedRequest("extensionRequest attribute is not a valid Extensions structure");
        }
    }

    /** RFC 7030 §3.5: a challengePassword attribute (tls-unique, which we do not support). */
    public boolean hasChallengePassword() {
        return csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_challengePassword).length > 0;
    }

    /** PKCS#9 unstructuredName values, from the request attributes and from the subject. */
    public List<String> unstructuredNames() {
        return pkcs9Values(PKCSObjectIdentifiers.pkcs_9_at_unstructuredName);
    }

    /** PKCS#9 unstructuredAddress values, from the request attributes and from the subject. */
    public List<String> unstructuredAddresses() {
        return pkcs9Values(PKCSObjectIdentifiers.pkcs_9_at_unstructuredAddress);
    }

    private List<String> pkcs9Values(ASN1ObjectIdentifier oid) {
        List<String> values = new ArrayList<>();
        for (Attribute attribute : csr.getAttributes(oid)) {
            for (ASN1Encodable value : attribute.getAttrValues()) {
                values.add(text(value));
            }
        }
        values.addAll(Names.values(csr.getSubject(), oid));
        return values;
    }

    static String text(ASN1Encodable value) {
        return Names.text(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pkcs10Request r && java.util.Arrays.equals(der, r.der);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(der);
    }
}
