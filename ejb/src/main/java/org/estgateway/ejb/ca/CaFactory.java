// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.estgateway.ejb.config.KeyType;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.ejb.pki.SerialNumber;

/**
 * Makes the key and certificate chain of a new named CA, without touching disk or database: a generated key
 * with a self-signed certificate, or a PKCS#12 file an administrator imports (one key entry whose certificate
 * matches the key, is a CA certificate and is valid now, and whose chain links up). Every refusal is a
 * {@link CaRefused} with one line and no secret.
 */
public final class CaFactory {
    static final Duration VALIDITY = Duration.ofDays(3650);

    /** A CA operation refused for its input (→ 4xx); nothing was changed. */
    public static final class CaRefused extends RuntimeException {
        public CaRefused(String message) {
            super(message);
        }
    }

    private CaFactory() {
    }

    /** A new key of {@code type} with a self-signed CA certificate "CN=&lt;subject&gt;" (or "CN=EST Gateway CA &lt;name&gt;, O=EST Gateway"). */
    public static KeyStoreFiles.KeyEntry generate(String name, KeyType type, Optional<String> subjectDn) {
        X500Name subject = subject(name, subjectDn);
        KeyPair pair = type.generate();
        return new KeyStoreFiles.KeyEntry(pair.getPrivate(), List.of(selfSigned(subject, pair, null)));
    }

    /** The subject of a new CA: the given distinguished name (checked), or "CN=EST Gateway CA &lt;name&gt;, O=EST Gateway". */
    public static X500Name subject(String name, Optional<String> subjectDn) {
        return subjectDn.map(CaFactory::parseName).orElseGet(() -> new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "EST Gateway").addRDN(BCStyle.CN, "EST Gateway CA " + name).build());
    }

    /** A self-signed CA certificate for the pair, signed with {@code provider} (a token's; {@code null}: Bouncy Castle). */
    public static CertificateDer selfSigned(X500Name subject, KeyPair pair, java.security.Provider provider) {
        return CertificateIssuer.selfSigned(pair.getPrivate(), provider, subject).issue(
                selfSignedTemplate(subject, pair.getPublic(), Instant.now()), SerialNumber.random());
    }

    /** The self-signed certificate of a CA generated here (also a rolled CA's new key): {@link #VALIDITY} from now. */
    public static CertificateTemplate selfSignedTemplate(X500Name subject, java.security.PublicKey key, Instant now) {
        Instant start = now.truncatedTo(ChronoUnit.SECONDS);
        return new CertificateTemplate(subject, Optional.empty(), SubjectPublicKeyInfo.getInstance(key.getEncoded()),
                start.minus(Duration.ofMinutes(5)), start.plus(VALIDITY),
                KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature, List.of(), true);
    }

    private static X500Name parseName(String dn) {
        try {
            X500Name name = new X500Name(BCStyle.INSTANCE, dn);
            if (name.getRDNs().length == 0) {
                throw new CaRefused("subject: empty distinguished name");
            }
            return name;
        } catch (IllegalArgumentException e) {
            throw new CaRefused("subject: not a distinguished name (e.g. CN=Plant CA, O=Example)");
        }
    }

    /** The key entry of an imported PKCS#12 file, checked. */
    public static KeyStoreFiles.KeyEntry fromPkcs12(byte[] pkcs12, char[] password, Instant now) {
        KeyStore ks;
        try {
            ks = KeyStore.getInstance("PKCS12");
            ks.load(new ByteArrayInputStream(pkcs12), password);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new CaRefused("pkcs12: not a PKCS#12 file, or the password is wrong");
        }
        try {
            List<String> keys = new ArrayList<>();
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    keys.add(alias);
                }
            }
            if (keys.size() != 1) {
                throw new CaRefused("pkcs12: must hold exactly one private key with its certificate chain (holds "
                        + keys.size() + ")");
            }
            PrivateKey key;
            try {
                key = (PrivateKey) ks.getKey(keys.get(0), password);
            } catch (GeneralSecurityException e) {
                throw new CaRefused("pkcs12: the key entry cannot be read with this password");
            }
            Certificate[] chain = ks.getCertificateChain(keys.get(0));
            if (key == null || chain == null || chain.length == 0) {
                throw new CaRefused("pkcs12: the key entry has no certificate chain");
            }
            List<CertificateDer> certs = new ArrayList<>();
            for (Certificate c : chain) {
                certs.add(CertificateDer.of((X509Certificate) c));
            }
            checkCa(key, certs, now);
            return new KeyStoreFiles.KeyEntry(key, certs);
        } catch (java.security.KeyStoreException e) {
            throw new CaRefused("pkcs12: unreadable key store");
        }
    }

    /**
     * The chain (CA certificate first) belongs to the key, the CA certificate may sign certificates and CRLs and is
     * valid now, and each certificate is signed by the next one.
     */
    public static void checkCa(PrivateKey key, List<CertificateDer> chain, Instant now) {
        checkCa(key, null, chain, now);
    }

    /** The same for a key that signs with {@code provider} (a token's; {@code null}: the JDK's providers). */
    public static void checkCa(PrivateKey key, java.security.Provider provider, List<CertificateDer> chain, Instant now) {
        CertificateDer ca = chain.get(0);
        if (!matches(key, provider, ca.x509())) {
            throw new CaRefused("the certificate does not match the CA key");
        }
        BasicConstraints bc = BasicConstraints.fromExtensions(ca.holder().getExtensions());
        if (bc == null || !bc.isCA()) {
            throw new CaRefused("the certificate is not a CA certificate (basicConstraints cA is not set)");
        }
        KeyUsage ku = KeyUsage.fromExtensions(ca.holder().getExtensions());
        if (ku != null && !ku.hasUsages(KeyUsage.keyCertSign | KeyUsage.cRLSign)) {
            throw new CaRefused("the CA certificate's key usage lacks keyCertSign or cRLSign");
        }
        for (CertificateDer c : chain) {
            if (!ca.holder().isValidOn(java.util.Date.from(now)) || !c.holder().isValidOn(java.util.Date.from(now))) {
                throw new CaRefused("certificate " + c.holder().getSubject() + " is not valid now");
            }
        }
        for (int i = 0; i + 1 < chain.size(); i++) {
            X509Certificate child = chain.get(i).x509();
            X509Certificate parent = chain.get(i + 1).x509();
            try {
                if (!child.getIssuerX500Principal().equals(parent.getSubjectX500Principal())) {
                    throw new GeneralSecurityException("issuer");
                }
                child.verify(parent.getPublicKey());
            } catch (GeneralSecurityException e) {
                throw new CaRefused("the chain does not link up: " + chain.get(i).holder().getSubject()
                        + " is not signed by " + chain.get(i + 1).holder().getSubject());
            }
        }
    }

    /** Whether the key signs what the certificate's public key verifies. */
    static boolean matches(PrivateKey key, java.security.Provider provider, X509Certificate cert) {
        if (!key.getAlgorithm().equals(cert.getPublicKey().getAlgorithm())
                && !(key.getAlgorithm().startsWith("EC") && cert.getPublicKey().getAlgorithm().startsWith("EC"))) {
            return false;
        }
        try {
            org.estgateway.ejb.ca.key.CaKeys.requireMatch(new org.estgateway.ejb.ca.key.CaKey(key, provider,
                    List.of(CertificateDer.of(cert))), "the CA");
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** "EC P-256", "EC P-384", "RSA 3072"... for listings. */
    public static String algorithm(CertificateDer cert) {
        java.security.PublicKey pub = cert.x509().getPublicKey();
        if (pub instanceof java.security.interfaces.RSAPublicKey rsa) {
            return "RSA " + rsa.getModulus().bitLength();
        }
        if (pub instanceof java.security.interfaces.ECPublicKey ec) {
            return "EC P-" + ec.getParams().getCurve().getField().getFieldSize();
        }
        return pub.getAlgorithm();
    }
}
