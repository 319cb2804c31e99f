// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca;

import java.io.IOException;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.estgateway.ejb.config.KeyType;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.ejb.pki.Crypto;

/**
 * A subordinate CA under an enterprise root, without disk or database: the PKCS#10 request for a pending CA's key
 * (basicConstraints cA and keyCertSign|cRLSign requested through extensionRequest) and the checks of the signed
 * chain an administrator imports. Every refusal is a {@link CaFactory.CaRefused} with one line.
 */
public final class SubordinateCa {
    /** A PEM bundle: the CA certificate and a few issuers; far below this. */
    public static final int MAX_BUNDLE_CHARS = 64 * 1024;
    static final int MAX_CERTIFICATES = 10;

    private SubordinateCa() {
    }

    /** The PKCS#10 request (PEM) for the pending CA's key: subject of its placeholder certificate, CA extensions. */
    public static String request(org.estgateway.ejb.ca.key.CaKey pending) {
        X500Name subject = pending.certificate().holder().getSubject();
        PublicKey publicKey = pending.certificate().x509().getPublicKey();
        try {
            ExtensionsGenerator ext = new ExtensionsGenerator();
            ext.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            ext.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign
                    | KeyUsage.digitalSignature));
            PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(subject, publicKey)
                    .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate())
                    .build(new JcaContentSignerBuilder(KeyType.signatureAlgorithmFor(pending.key().getAlgorithm()))
                            .setProvider(pending.inToken() ? pending.provider() : Crypto.BC).build(pending.key()));
            StringWriter out = new StringWriter();
            try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
                pem.writeObject(csr);
            }
            return out.toString();
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot build the PKCS#10 request: " + e.getMessage(), e);
        }
    }

    /** The certificates of a PEM bundle, in the given order; garbage refused. */
    public static List<CertificateDer> bundle(String pem) {
        if (pem == null || pem.isBlank()) {
            throw new CaFactory.CaRefused("chain: empty; send the signed CA certificate first, then its issuers (PEM)");
        }
        if (pem.length() > MAX_BUNDLE_CHARS) {
            throw new CaFactory.CaRefused("chain: larger than " + MAX_BUNDLE_CHARS + " characters");
        }
        List<CertificateDer> certs;
        try {
            certs = Pem.certificates(pem);
        } catch (RuntimeException e) {
            throw new CaFactory.CaRefused("chain: a PEM block is not an X.509 certificate");
        }
        if (certs.isEmpty()) {
            throw new CaFactory.CaRefused("chain: no PEM certificate (-----BEGIN CERTIFICATE-----) found");
        }
        if (certs.size() > MAX_CERTIFICATES) {
            throw new CaFactory.CaRefused("chain: more than " + MAX_CERTIFICATES + " certificates");
        }
        return certs;
    }

    /**
     * The chain (the signed CA certificate first, then its issuers up to and optionally including the root) fits the
     * pending key: same public key, a CA certificate with keyCertSign and cRLSign, every certificate valid now and
     * a CA, each signed by the next, and a self-signed last one verifies with its own key.
     */
    public static void check(PrivateKey key, PublicKey pendingPublicKey, List<CertificateDer> chain, Instant now) {
        check(key, null, pendingPublicKey, chain, now);
    }

    /** The same for a pending key that signs with {@code provider} (a token's; {@code null}: the JDK's providers). */
    public static void check(PrivateKey key, java.security.Provider provider, PublicKey pendingPublicKey,
            List<CertificateDer> chain, Instant now) {
        X509Certificate ca = chain.get(0).x509();
        if (!Arrays.equals(ca.getPublicKey().getEncoded(), pendingPublicKey.getEncoded())) {
            throw new CaFactory.CaRefused("the certificate's public key is not the pending CA key (signed for another request?)");
        }
        if (KeyUsage.fromExtensions(chain.get(0).holder().getExtensions()) == null) {
            throw new CaFactory.CaRefused("the CA certificate has no key usage (keyCertSign and cRLSign required)");
        }
        CaFactory.checkCa(key, provider, chain, now);
        for (CertificateDer issuer : chain.subList(1, chain.size())) {
            BasicConstraints bc = BasicConstraints.fromExtensions(issuer.holder().getExtensions());
            if (bc == null || !bc.isCA()) {
                throw new CaFactory.CaRefused("issuer " + issuer.holder().getSubject() + " is not a CA certificate");
            }
        }
        X509Certificate last = chain.get(chain.size() - 1).x509();
        if (chain.size() > 1 && last.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
            try {
                last.verify(last.getPublicKey());
            } catch (GeneralSecurityException e) {
                throw new CaFactory.CaRefused("the root " + chain.get(chain.size() - 1).holder().getSubject()
                        + " is self-issued but its signature does not verify");
            }
        }
    }
}
