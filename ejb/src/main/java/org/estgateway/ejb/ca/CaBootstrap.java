// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.estgateway.ejb.ca.key.CaKey;
import org.estgateway.ejb.ca.key.CaKeyException;
import org.estgateway.ejb.ca.key.CaKeyLocation;
import org.estgateway.ejb.ca.key.CaKeys;
import org.estgateway.ejb.config.EstEnvironment;
import org.estgateway.ejb.config.KeyType;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.ejb.pki.Crypto;
import org.estgateway.ejb.pki.SerialNumber;

/**
 * First-start set-up of the data directory: the key stores' password (when EST_KEYSTORE_PASSWORD is unset),
 * the built-in CA, and the TLS server certificate for EST_HOSTNAMES issued by that CA. Later starts reuse
 * them; the TLS certificate is re-issued only when the host names change or it nears expiry.
 */
public final class CaBootstrap {
    public static final String CA_ALIAS = EstEnvironment.CA_ALIAS;
    public static final String TLS_ALIAS = "server";
    /** How refusals name the CA this bootstrap sets up. */
    static final String CA_NAME = "CA default: ";
    static final Duration CA_VALIDITY = Duration.ofDays(3650 * 2);
    static final Duration TLS_VALIDITY = Duration.ofDays(397);
    static final Duration TLS_RENEW_BEFORE = Duration.ofDays(30);

    private final EstEnvironment env;
    private final List<String> report = new ArrayList<>();
    private CertificateDer caCertificate;

    public CaBootstrap(EstEnvironment env) {
        this.env = env;
    }

    /** Runs the set-up; returns human-readable lines of what was found or created (no secrets). */
    public List<String> run() throws IOException {
        Files.createDirectories(env.dataDir());
        ensurePassword();
        char[] password = env.keystorePassword();
        CaKey ca;
        try {
            ca = ensureCa(password);
        } catch (CaKeyException e) {
            throw named(e);
        }
        caCertificate = ca.certificate();
        ensureTls(ca, password);
        KeyStoreFiles.writeTrustStore(env.tlsTrustStore(), List.of(ca.certificate()), password);
        return report;
    }

    /** The CA certificate found or created by {@link #run()}. */
    public CertificateDer caCertificate() {
        if (caCertificate == null) {
            throw new IllegalStateException("run() first");
        }
        return caCertificate;
    }

    /** Whether the data directory has a CA already (before {@link #run()}: a first start creates one). */
    public boolean hasCa() {
        if (env.caKeyLocation() instanceof CaKeyLocation.Pkcs12File p) {
            return Files.exists(p.file());
        }
        try {
            return Files.exists(env.caCertificatePem()) || CaKeys.exists(env.caKeyLocation());
        } catch (CaKeyException e) {
            throw named(e);
        }
    }

    /** One line naming the CA and the cause (the bootstrap's refusal); nothing was created. */
    private static CaKeyException named(CaKeyException e) {
        return e.getMessage().startsWith(CA_NAME) ? e : new CaKeyException(CA_NAME + e.getMessage());
    }

    /** Written completely (mode 0600) before it appears under its name: nobody reads half a password. */
    private void ensurePassword() throws IOException {
        if (env.keystorePasswordVariable().isPresent() || Files.exists(env.keystorePasswordFile())) {
            return;
        }
        byte[] secret = new byte[24];
        Crypto.RANDOM.nextBytes(secret);
        Path file = env.keystorePasswordFile();
        Path tmp = Files.createTempFile(file.getParent(), ".tmp-", ".password");
        try {
            KeyStoreFiles.restrict(tmp);
            Files.writeString(tmp, Base64.getUrlEncoder().withoutPadding().encodeToString(secret) + "\n");
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        report.add("generated the key store password into " + env.keystorePasswordFile());
    }

    private CaKey ensureCa(char[] password) throws IOException {
        CaKeyLocation location = env.caKeyLocation();
        if (CaKeys.exists(location)) {
            CaKey ca = CaKeys.open(location, () -> password);
            if (!Files.exists(env.caCertificatePem())) { // a key made in the token beforehand: publish its certificate
                Files.createDirectories(env.caCertificatePem().getParent());
                Files.writeString(env.caCertificatePem(), ca.certificate().pem(), StandardCharsets.US_ASCII);
            }
            report.add("CA reused (" + location.describe() + "): " + describe(ca.certificate()));
            return ca;
        }
        if (location instanceof CaKeyLocation.Pkcs11Token && Files.exists(env.caCertificatePem())) {
            // the data directory has a CA: its key must be there, a new one would be another CA
            throw new CaKeyException(CA_NAME + "no key labelled '" + ((CaKeyLocation.Pkcs11Token) location).keyLabel()
                    + "' in " + location.describe() + ", but " + env.caCertificatePem() + " names a CA created with it");
        }
        KeyType type = env.caKeyType();
        CaKeys.Generated generated = CaKeys.generate(location, type);
        KeyPair pair = generated.pair();
        byte[] id = new byte[4];
        Crypto.RANDOM.nextBytes(id);
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "EST Gateway")
                .addRDN(BCStyle.CN, "EST Gateway CA " + java.util.HexFormat.of().formatHex(id))
                .build();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        CertificateTemplate template = new CertificateTemplate(name, Optional.empty(),
                SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()), now.minus(Duration.ofMinutes(5)),
                now.plus(CA_VALIDITY), KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature,
                List.of(), true);
        CertificateDer cert = CertificateIssuer.selfSigned(pair.getPrivate(), generated.provider(), name)
                .issue(template, SerialNumber.random());
        CaKey ca = CaKeys.store(location, generated, List.of(cert), () -> password);
        Files.createDirectories(env.caCertificatePem().getParent());
        Files.writeString(env.caCertificatePem(), cert.pem(), StandardCharsets.US_ASCII);
        report.add("CA created (" + type + ", " + location.describe() + "): " + describe(cert));
        return ca;
    }

    private void ensureTls(CaKey ca, char[] password) {
        if (java.nio.file.Files.exists(env.tlsKeyStore())) {
            KeyStoreFiles.KeyEntry tls = KeyStoreFiles.readKeyEntry(env.tlsKeyStore(), TLS_ALIAS, password);
            Optional<String> stale = staleness(tls.certificate(), ca.certificate());
            if (stale.isEmpty()) {
                report.add("TLS server certificate reused: " + describe(tls.certificate()));
                return;
            }
            report.add("TLS server certificate re-issued: " + stale.get());
        }
        KeyPair pair = env.caKeyType().generate();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "EST Gateway")
                .addRDN(BCStyle.CN, env.hostnames().get(0)).build();
        int keyUsage = KeyUsage.digitalSignature
                | (env.caKeyType() == KeyType.RSA_3072 ? KeyUsage.keyEncipherment : 0);
        CertificateTemplate template = new CertificateTemplate(subject, Optional.of(hostNames()),
                SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()), now.minus(Duration.ofMinutes(5)),
                now.plus(TLS_VALIDITY), keyUsage, List.of(KeyPurposeId.id_kp_serverAuth), false);
        CertificateDer cert = CertificateIssuer.of(ca).issue(template, SerialNumber.random());
        KeyStoreFiles.writeKeyEntry(env.tlsKeyStore(), TLS_ALIAS,
                new KeyStoreFiles.KeyEntry(pair.getPrivate(), List.of(cert, ca.certificate())), password);
        report.add("TLS server certificate issued for " + env.hostnames() + ": " + describe(cert));
    }

    private Optional<String> staleness(CertificateDer tls, CertificateDer ca) {
        // the issuer name alone does not tell the key: every generation of a rolled CA has the same name
        if (!tls.holder().getIssuer().equals(ca.holder().getSubject()) || !signedBy(tls, ca)) {
            return Optional.of("not issued by the current CA");
        }
        if (tls.holder().getNotAfter().toInstant().isBefore(Instant.now().plus(TLS_RENEW_BEFORE))) {
            return Optional.of("expires within " + TLS_RENEW_BEFORE.toDays() + " days");
        }
        GeneralNames current = GeneralNames.fromExtensions(tls.holder().getExtensions(), Extension.subjectAlternativeName);
        Set<GeneralName> have = current == null ? Set.of() : new HashSet<>(List.of(current.getNames()));
        if (!have.equals(new HashSet<>(List.of(hostNames().getNames())))) {
            return Optional.of("EST_HOSTNAMES changed");
        }
        return Optional.empty();
    }

    private static boolean signedBy(CertificateDer cert, CertificateDer ca) {
        try {
            return cert.holder().isSignatureValid(new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder()
                    .setProvider(org.estgateway.ejb.pki.Crypto.BC).build(ca.holder()));
        } catch (Exception e) {
            return false;
        }
    }

    private GeneralNames hostNames() {
        return new GeneralNames(env.hostnames().stream().map(h -> h.matches("[0-9.]+|.*:.*")
                ? new GeneralName(GeneralName.iPAddress, h) : new GeneralName(GeneralName.dNSName, h))
                .toArray(GeneralName[]::new));
    }

    private static String describe(CertificateDer cert) {
        return cert.holder().getSubject() + ", SHA-256 " + cert.sha256() + ", until " + cert.holder().getNotAfter().toInstant();
    }
}
