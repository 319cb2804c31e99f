// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import org.estgateway.ejb.pki.CertificateDer;

/** PKCS#12 files of the data directory: written atomically with mode 0600, read once. */
public final class KeyStoreFiles {
    private KeyStoreFiles() {
    }

    /** A private key with its chain, leaf first. */
    public record KeyEntry(PrivateKey key, List<CertificateDer> chain) {
        public CertificateDer certificate() {
            return chain.get(0);
        }
    }

    public static void writeKeyEntry(Path file, String alias, KeyEntry entry, char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            Certificate[] chain = entry.chain().stream().map(CertificateDer::x509).toArray(Certificate[]::new);
            ks.setKeyEntry(alias, entry.key(), password, chain);
            write(file, ks, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write key store " + file, e);
        }
    }

    public static void writeTrustStore(Path file, List<CertificateDer> anchors, char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (CertificateDer anchor : anchors) {
                ks.setCertificateEntry("anchor-" + i++, anchor.x509());
            }
            write(file, ks, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot write trust store " + file, e);
        }
    }

    public static KeyEntry readKeyEntry(Path file, String alias, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            PrivateKey key = (PrivateKey) ks.getKey(alias, password);
            Certificate[] chain = ks.getCertificateChain(alias);
            if (key == null || chain == null) {
                throw new IllegalStateException("key store " + file + " has no key entry '" + alias + "'");
            }
            return new KeyEntry(key, java.util.Arrays.stream(chain)
                    .map(c -> CertificateDer.of((X509Certificate) c)).toList());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot read key store " + file
                    + " (wrong EST_KEYSTORE_PASSWORD or damaged file)", e);
        }
    }

    private static void write(Path file, KeyStore ks, char[] password) throws IOException, GeneralSecurityException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), ".tmp-", ".p12");
        try {
            restrict(tmp);
            try (OutputStream out = Files.newOutputStream(tmp)) {
                ks.store(out, password);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Owner read/write only, where the file system supports POSIX permissions. */
    public static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to restrict
        }
    }
}
