// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca.key;

import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.estgateway.ejb.ca.KeyStoreFiles;
import org.estgateway.ejb.config.KeyType;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.ejb.pki.Crypto;

/**
 * Opens, generates and stores CA keys wherever they live. A PKCS#12 key is read into memory (today's behaviour);
 * a PKCS#11 key stays in its token: generated there (non-extractable), its certificate chain stored in the token
 * too, under the key's label, so that the token alone is the CA.
 */
public final class CaKeys {
    private CaKeys() {
    }

    /** A freshly generated key pair, not yet stored with a certificate. */
    public record Generated(KeyPair pair, Provider provider) {
    }

    /** Whether a key (with its certificate) is at the location. */
    public static boolean exists(CaKeyLocation location) {
        if (location instanceof CaKeyLocation.Pkcs12File p) {
            return Files.exists(p.file());
        }
        CaKeyLocation.Pkcs11Token t = (CaKeyLocation.Pkcs11Token) location;
        try {
            return Pkcs11Tokens.login(t).isKeyEntry(t.keyLabel());
        } catch (java.security.KeyStoreException e) {
            throw new CaKeyException("cannot read " + t.describe() + ": " + e.getMessage());
        }
    }

    /** Opens the key and its chain; the PKCS#12 file's password only for a file location. */
    public static CaKey open(CaKeyLocation location, Supplier<char[]> keystorePassword) {
        if (location instanceof CaKeyLocation.Pkcs12File p) {
            KeyStoreFiles.KeyEntry entry = KeyStoreFiles.readKeyEntry(p.file(), p.alias(), keystorePassword.get());
            return new CaKey(entry.key(), null, entry.chain());
        }
        return openInToken((CaKeyLocation.Pkcs11Token) location);
    }

    private static CaKey openInToken(CaKeyLocation.Pkcs11Token location) {
        KeyStore token = Pkcs11Tokens.login(location);
        try {
            if (!token.isKeyEntry(location.keyLabel())) {
                throw new CaKeyException("no key labelled '" + location.keyLabel() + "' with a certificate in "
                        + location.describe());
            }
            java.security.Key found = token.getKey(location.keyLabel(), null);
            Certificate[] chain = token.getCertificateChain(location.keyLabel());
            if (!(found instanceof PrivateKey key) || chain == null || chain.length == 0) {
                throw new CaKeyException("'" + location.keyLabel() + "' in " + location.describe() + " is a "
                        + (found == null ? "certificate" : found.getAlgorithm() + " " + (found instanceof PrivateKey
                        ? "private key without certificate" : "secret key")) + ", not a CA key (private key with certificate)");
            }
            CaKey caKey = new CaKey(key, token.getProvider(), Arrays.stream(chain)
                    .map(c -> CertificateDer.of((X509Certificate) c)).toList());
            requireMatch(caKey, location);
            return caKey;
        } catch (GeneralSecurityException e) {
            throw new CaKeyException("cannot read " + location.describe() + ": " + Pkcs11Tokens.rootMessage(e));
        }
    }

    /** Generates a key pair at the location: in the token for PKCS#11 (stored only by {@link #store}). */
    public static Generated generate(CaKeyLocation location, KeyType type) {
        if (location instanceof CaKeyLocation.Pkcs12File) {
            return new Generated(type.generate(), null);
        }
        CaKeyLocation.Pkcs11Token t = (CaKeyLocation.Pkcs11Token) location;
        Provider provider = Pkcs11Tokens.login(t).getProvider();
        try {
            KeyPairGenerator generator;
            if (type == KeyType.EC_P256) {
                generator = KeyPairGenerator.getInstance("EC", provider);
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                generator = KeyPairGenerator.getInstance("RSA", provider);
                generator.initialize(3072);
            }
            return new Generated(generator.generateKeyPair(), provider);
        } catch (GeneralSecurityException | java.security.ProviderException e) {
            throw new CaKeyException("cannot generate a " + type + " key in " + t.describe() + ": "
                    + Pkcs11Tokens.rootMessage(e));
        }
    }

    /**
     * Stores a generated key with its certificate chain (CA first) at the location and returns it opened. In a
     * token the private key gets the location's label and the certificates become token objects.
     */
    public static CaKey store(CaKeyLocation location, Generated generated, List<CertificateDer> chain,
            Supplier<char[]> keystorePassword) {
        CaKey key = new CaKey(generated.pair().getPrivate(), generated.provider(), chain);
        requireMatch(key, location);
        if (location instanceof CaKeyLocation.Pkcs12File p) {
            KeyStoreFiles.writeKeyEntry(p.file(), p.alias(), new KeyStoreFiles.KeyEntry(key.key(), chain),
                    keystorePassword.get());
            return key;
        }
        CaKeyLocation.Pkcs11Token t = (CaKeyLocation.Pkcs11Token) location;
        try {
            Pkcs11Tokens.login(t).setKeyEntry(t.keyLabel(), key.key(), null,
                    chain.stream().map(CertificateDer::x509).toArray(Certificate[]::new));
        } catch (GeneralSecurityException e) {
            throw new CaKeyException("cannot store the CA certificate in " + t.describe() + ": "
                    + Pkcs11Tokens.rootMessage(e));
        }
        return key;
    }

    /**
     * Removes a key and its certificates from a token (a key generated for a CA that was not recorded after all);
     * a PKCS#12 location is left alone (its file is the caller's).
     */
    public static void delete(CaKeyLocation location) {
        if (location instanceof CaKeyLocation.Pkcs11Token t) {
            try {
                KeyStore token = Pkcs11Tokens.login(t);
                if (token.containsAlias(t.keyLabel())) {
                    token.deleteEntry(t.keyLabel());
                }
            } catch (GeneralSecurityException e) {
                throw new CaKeyException("cannot remove the key from " + t.describe() + ": " + Pkcs11Tokens.rootMessage(e));
            }
        }
    }

    /** The certificate must be the key's: one test signature, verified with the certificate's public key. */
    public static void requireMatch(CaKey key, CaKeyLocation location) {
        requireMatch(key, location.describe());
    }

    /** The same, naming the key's place by {@code where} (no secret) in the refusal. */
    public static void requireMatch(CaKey key, String where) {
        try {
            String algorithm = KeyType.signatureAlgorithmFor(key.key().getAlgorithm());
            Signature signer = key.provider() != null ? Signature.getInstance(algorithm, key.provider())
                    : Signature.getInstance(algorithm, Crypto.BC);
            byte[] probe = "est-gateway CA key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            signer.initSign(key.key());
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm, Crypto.BC);
            verifier.initVerify(key.certificate().x509().getPublicKey());
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new CaKeyException("the certificate " + key.certificate().holder().getSubject()
                        + " does not match the key of " + where);
            }
        } catch (GeneralSecurityException | java.security.ProviderException e) {
            throw new CaKeyException("the certificate " + key.certificate().holder().getSubject()
                    + " does not match the key of " + where + " (" + Pkcs11Tokens.rootMessage(e) + ")");
        }
    }
}
