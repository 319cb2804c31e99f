// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.GeneralName;
import org.estgateway.ejb.config.EstEnvironment;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.ejb.pki.Crypto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaBootstrapTest {
    @TempDir
    Path dataDir;

    private EstEnvironment env(String... extra) {
        Map<String, String> variables = new HashMap<>(Map.of(
                "EST_DATA_DIR", dataDir.toString(), "EST_HOSTNAMES", "localhost,127.0.0.1"));
        for (int i = 0; i < extra.length; i += 2) {
            variables.put(extra[i], extra[i + 1]);
        }
        return EstEnvironment.from(variables);
    }

    private static KeyStoreFiles.KeyEntry ca(EstEnvironment env) {
        return KeyStoreFiles.readKeyEntry(env.caKeyStore(), CaBootstrap.CA_ALIAS, env.keystorePassword());
    }

    private static KeyStoreFiles.KeyEntry tls(EstEnvironment env) {
        return KeyStoreFiles.readKeyEntry(env.tlsKeyStore(), CaBootstrap.TLS_ALIAS, env.keystorePassword());
    }

    private static boolean posix(Path path) throws IOException {
        return Files.getFileStore(path).supportsFileAttributeView("posix");
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void firstRunCreatesPasswordCaAndTlsFiles() throws IOException {
        EstEnvironment env = env();
        List<String> report = new CaBootstrap(env).run();

        for (Path file : List.of(env.keystorePasswordFile(), env.caKeyStore(), env.caCertificatePem(),
                env.tlsKeyStore(), env.tlsTrustStore())) {
            assertTrue(Files.isRegularFile(file), file + " exists");
        }
        assertEquals(dataDir.resolve("keystore.password"), env.keystorePasswordFile());
        assertEquals(dataDir.resolve("ca/ca.p12"), env.caKeyStore());
        assertEquals(dataDir.resolve("tls/server.p12"), env.tlsKeyStore());
        assertTrue(env.keystorePassword().length >= 16, "a generated password of some length");
        assertFalse(report.isEmpty());
        if (posix(dataDir)) {
            assertEquals("rw-------", mode(env.keystorePasswordFile()));
            assertEquals("rw-------", mode(env.caKeyStore()));
            assertEquals("rw-------", mode(env.tlsKeyStore()));
        }
    }

    @Test
    void caIsASelfSignedCaCertificateAlsoWrittenAsPem() throws Exception {
        EstEnvironment env = env();
        new CaBootstrap(env).run();
        CertificateDer ca = ca(env).certificate();
        X509Certificate x509 = ca.x509();
        x509.verify(x509.getPublicKey(), Crypto.BC);
        assertEquals(x509.getSubjectX500Principal(), x509.getIssuerX500Principal());
        assertTrue(x509.getBasicConstraints() >= 0, "basicConstraints cA");
        assertTrue(x509.getKeyUsage()[5], "keyCertSign");
        assertEquals("EC", x509.getPublicKey().getAlgorithm());
        assertEquals(ca, CertificateDer.fromPem(Files.readString(env.caCertificatePem())));
    }

    @Test
    void tlsCertificateIsIssuedByTheCaForTheHostNames() throws Exception {
        EstEnvironment env = env();
        new CaBootstrap(env).run();
        CertificateDer ca = ca(env).certificate();
        KeyStoreFiles.KeyEntry tls = tls(env);
        X509Certificate server = tls.certificate().x509();

        server.verify(ca.x509().getPublicKey(), Crypto.BC);
        assertEquals(ca.x509().getSubjectX500Principal(), server.getIssuerX500Principal());
        assertEquals(List.of(tls.certificate(), ca), tls.chain(), "chain: server, then CA");
        assertEquals(List.of(List.of(GeneralName.dNSName, "localhost"), List.of(GeneralName.iPAddress, "127.0.0.1")),
                List.copyOf(server.getSubjectAlternativeNames()));
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), server.getExtendedKeyUsage(), "serverAuth");
        assertEquals(-1, server.getBasicConstraints());
        server.checkValidity();
    }

    @Test
    void trustStoreHoldsTheCa() throws Exception {
        EstEnvironment env = env();
        new CaBootstrap(env).run();
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(env.tlsTrustStore())) {
            trust.load(in, env.keystorePassword());
        }
        List<String> aliases = Collections.list(trust.aliases());
        assertEquals(1, aliases.size());
        assertEquals(ca(env).certificate().x509(), trust.getCertificate(aliases.get(0)));
    }

    @Test
    void secondRunReusesTheCaAndTheTlsCertificate() throws IOException {
        EstEnvironment env = env();
        new CaBootstrap(env).run();
        String password = new String(env.keystorePassword());
        CertificateDer ca = ca(env).certificate();
        CertificateDer server = tls(env).certificate();

        List<String> report = new CaBootstrap(env()).run();
        assertEquals(password, new String(env.keystorePassword()), "password kept");
        assertEquals(ca.sha256(), ca(env).certificate().sha256());
        assertEquals(server.sha256(), tls(env).certificate().sha256());
        assertTrue(report.stream().anyMatch(l -> l.startsWith("CA reused")), report.toString());
        assertTrue(report.stream().anyMatch(l -> l.startsWith("TLS server certificate reused")), report.toString());
    }

    @Test
    void changedHostNamesReissueTheTlsCertificateButKeepTheCa() throws Exception {
        new CaBootstrap(env()).run();
        EstEnvironment before = env();
        CertificateDer ca = ca(before).certificate();
        CertificateDer server = tls(before).certificate();

        EstEnvironment changed = env("EST_HOSTNAMES", "est.example.com,10.0.0.5");
        List<String> report = new CaBootstrap(changed).run();
        assertEquals(ca.sha256(), ca(changed).certificate().sha256());
        CertificateDer reissued = tls(changed).certificate();
        assertNotEquals(server.sha256(), reissued.sha256());
        assertEquals(List.of(List.of(GeneralName.dNSName, "est.example.com"), List.of(GeneralName.iPAddress, "10.0.0.5")),
                List.copyOf(reissued.x509().getSubjectAlternativeNames()));
        reissued.x509().verify(ca.x509().getPublicKey(), Crypto.BC);
        assertTrue(report.stream().anyMatch(l -> l.contains("EST_HOSTNAMES changed")), report.toString());
    }

    @Test
    void rsaCaKeyTypeGivesAnRsa3072Ca() throws IOException {
        EstEnvironment env = env("EST_CA_KEY_TYPE", "rsa-3072");
        new CaBootstrap(env).run();
        X509Certificate ca = ca(env).certificate().x509();
        assertEquals("RSA", ca.getPublicKey().getAlgorithm());
        assertEquals(3072, ((RSAPublicKey) ca.getPublicKey()).getModulus().bitLength());
        assertEquals("SHA256WITHRSA", ca.getSigAlgName().toUpperCase());
        X509Certificate server = tls(env).certificate().x509();
        assertTrue(server.getKeyUsage()[2], "keyEncipherment for an RSA server key");
    }

    @Test
    void passwordIsWrittenInClearOnlyToItsOwnFile() throws IOException {
        EstEnvironment env = env();
        List<String> report = new CaBootstrap(env).run();
        String password = new String(env.keystorePassword());
        byte[] ascii = password.getBytes(StandardCharsets.US_ASCII);
        byte[] utf16 = password.getBytes(StandardCharsets.UTF_16BE);
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (file.equals(env.keystorePasswordFile())) {
                    assertEquals(password, Files.readString(file).strip());
                    continue;
                }
                byte[] content = Files.readAllBytes(file);
                assertFalse(contains(content, ascii) || contains(content, utf16), file + " contains the password");
            }
        }
        assertFalse(report.stream().anyMatch(l -> l.contains(password)), "report contains the password");
    }

    @Test
    void givenKeystorePasswordIsUsedAndNoPasswordFileIsWritten() throws IOException {
        EstEnvironment env = env("EST_KEYSTORE_PASSWORD", "from-the-environment");
        new CaBootstrap(env).run();
        assertFalse(Files.exists(env.keystorePasswordFile()));
        KeyStoreFiles.readKeyEntry(env.caKeyStore(), CaBootstrap.CA_ALIAS, "from-the-environment".toCharArray());
    }

    @Test
    void hostNamesWithoutAnyNameFailWithAMessageNamingTheVariable() {
        RuntimeException e = assertThrows(RuntimeException.class, () -> new CaBootstrap(env("EST_HOSTNAMES", " , ")).run());
        assertTrue(String.valueOf(e.getMessage()).contains("EST_HOSTNAMES"), e.toString());
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void aLaterKeyGenerationOfTheSameCaReissuesTheTlsCertificate() throws Exception {
        EstEnvironment env = env();
        new CaBootstrap(env).run();
        CertificateDer first = ca(env).certificate();
        CertificateDer tlsBefore = tls(env).certificate();
        // a rolled CA: same subject, another key (what EST_CA_KEY_LOCATION pointing at ca/default-g2.p12 gives)
        java.security.KeyPair pair = org.estgateway.ejb.config.KeyType.EC_P256.generate();
        org.bouncycastle.asn1.x500.X500Name subject = first.holder().getSubject();
        CertificateDer next = CertificateIssuer.selfSigned(pair.getPrivate(), subject).issue(
                CaFactory.selfSignedTemplate(subject, pair.getPublic(), java.time.Instant.now()),
                org.estgateway.ejb.pki.SerialNumber.random());
        KeyStoreFiles.writeKeyEntry(env.caKeyStore(), CaBootstrap.CA_ALIAS,
                new KeyStoreFiles.KeyEntry(pair.getPrivate(), List.of(next)), env.keystorePassword());

        List<String> report = new CaBootstrap(env).run();
        assertTrue(report.stream().anyMatch(l -> l.contains("re-issued: not issued by the current CA")), report.toString());
        CertificateDer tlsAfter = tls(env).certificate();
        tlsAfter.x509().verify(pair.getPublic(), Crypto.BC);
        assertFalse(tlsAfter.equals(tlsBefore));
    }
}
