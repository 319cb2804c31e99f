// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca;

import java.io.IOException;
import java.security.PrivateKey;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.asn1.x500.X500Name;
import org.estgateway.ejb.config.KeyType;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.ejb.pki.Crypto;
import org.estgateway.ejb.pki.SerialNumber;

/**
 * Signs certificates with one CA key. Immutable and thread-safe: every call builds its own
 * {@link ContentSigner}, so concurrent requests sign in parallel with no lock and no file I/O.
 */
public final class CertificateIssuer {
    private final PrivateKey key;
    private final CertificateDer certificate; // null for a self-signed root being created
    private final X500Name issuerName;
    private final String signatureAlgorithm;
    private final String crlUrl;
    /** Bouncy Castle for a software key; the token's provider (SunPKCS11) for a key in an HSM. */
    private final java.security.Provider provider;

    private CertificateIssuer(PrivateKey key, java.security.Provider provider, CertificateDer certificate,
            X500Name issuerName, String crlUrl) {
        this.provider = provider == null ? Crypto.BC : provider;
        this.key = provider == null ? asBouncyCastleKey(key) : key; // a token's key is a handle: sign in the token
        this.certificate = certificate;
        this.issuerName = issuerName;
        this.signatureAlgorithm = KeyType.signatureAlgorithmFor(key.getAlgorithm());
        this.crlUrl = crlUrl;
    }

    /**
     * The key as Bouncy Castle's own key object, converted once: a JDK (SunEC) key would be converted on every
     * signature, and with it Bouncy Castle would rebuild its precomputed tables for the curve each time
     * (a fifth of the signing CPU in the profile, docs/PERFORMANCE.md).
     */
    private static PrivateKey asBouncyCastleKey(PrivateKey key) {
        try {
            return java.security.KeyFactory.getInstance(key.getAlgorithm(), Crypto.BC)
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            return key; // sign with the key as it is
        }
    }

    /** The same issuer, putting a CRL distribution point (RFC 5280 §4.2.1.13) into end-entity certificates. */
    public CertificateIssuer withCrlDistributionPoint(String url) {
        return new CertificateIssuer(key, provider, certificate, issuerName, url);
    }

    /** A revoked certificate on a CRL; {@code reasonCode} as RFC 5280 §5.3.1. */
    public record RevokedEntry(java.math.BigInteger serial, java.time.Instant revokedAt, int reasonCode) {
    }

    /** A CRL (RFC 5280 §5) signed by this CA, with CRL number and authority key identifier. */
    public byte[] crl(List<RevokedEntry> revoked, java.time.Instant thisUpdate, java.time.Instant nextUpdate, long number) {
        try {
            org.bouncycastle.cert.X509v2CRLBuilder builder = new org.bouncycastle.cert.X509v2CRLBuilder(issuerName,
                    Date.from(thisUpdate));
            builder.setNextUpdate(Date.from(nextUpdate));
            for (RevokedEntry entry : revoked) {
                builder.addCRLEntry(entry.serial(), Date.from(entry.revokedAt()), entry.reasonCode());
            }
            builder.addExtension(Extension.cRLNumber, false, new org.bouncycastle.asn1.x509.CRLNumber(
                    java.math.BigInteger.valueOf(number)));
            builder.addExtension(Extension.authorityKeyIdentifier, false, new JcaX509ExtensionUtils()
                    .createAuthorityKeyIdentifier(certificate.holder().getSubjectPublicKeyInfo()));
            ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm).setProvider(provider).build(key);
            return builder.build(signer).getEncoded();
        } catch (IOException | OperatorCreationException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot sign CRL", e);
        }
    }

    public static CertificateIssuer of(PrivateKey key, CertificateDer caCertificate) {
        return new CertificateIssuer(key, null, caCertificate, caCertificate.holder().getSubject(), null);
    }

    /** An issuer signing with an opened CA key, through its token's provider when it lives in an HSM. */
    public static CertificateIssuer of(org.estgateway.ejb.ca.key.CaKey caKey) {
        return new CertificateIssuer(caKey.key(), caKey.provider(), caKey.certificate(),
                caKey.certificate().holder().getSubject(), null);
    }

    /** An issuer that signs its own (root) certificate. */
    public static CertificateIssuer selfSigned(PrivateKey key, X500Name name) {
        return selfSigned(key, null, name);
    }

    /** An issuer that signs its own (root) certificate with {@code provider} ({@code null}: Bouncy Castle). */
    public static CertificateIssuer selfSigned(PrivateKey key, java.security.Provider provider, X500Name name) {
        return new CertificateIssuer(key, provider, null, name, null);
    }

    public CertificateDer certificate() {
        return certificate;
    }

    public CertificateDer issue(CertificateTemplate t, SerialNumber serial) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuerName, serial.value(),
                    Date.from(t.notBefore()), Date.from(t.notAfter()), t.subject(), t.publicKey());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(t.certificateAuthority()));
            if (t.keyUsage() != 0) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(t.keyUsage()));
            }
            if (!t.extendedKeyUsage().isEmpty()) {
                builder.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(t.extendedKeyUsage().toArray(KeyPurposeId[]::new)));
            }
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(t.publicKey()));
            if (certificate != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        ext.createAuthorityKeyIdentifier(certificate.holder().getSubjectPublicKeyInfo()));
            }
            if (t.subjectAltNames().isPresent()) {
                // RFC 5280 §4.2.1.6: critical when the subject is empty
                builder.addExtension(Extension.subjectAlternativeName, t.subject().getRDNs().length == 0,
                        t.subjectAltNames().get());
            }
            if (crlUrl != null && !t.certificateAuthority()) {
                builder.addExtension(Extension.cRLDistributionPoints, false, new org.bouncycastle.asn1.x509.CRLDistPoint(
                        new org.bouncycastle.asn1.x509.DistributionPoint[] {new org.bouncycastle.asn1.x509.DistributionPoint(
                                new org.bouncycastle.asn1.x509.DistributionPointName(new org.bouncycastle.asn1.x509.GeneralNames(
                                        new org.bouncycastle.asn1.x509.GeneralName(
                                                org.bouncycastle.asn1.x509.GeneralName.uniformResourceIdentifier, crlUrl))),
                                null, null)}));
            }
            ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm).setProvider(provider).build(key);
            return CertificateDer.parse(builder.build(signer).getEncoded());
        } catch (IOException | OperatorCreationException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot sign certificate", e);
        }
    }
}
