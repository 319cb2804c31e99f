// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.estgateway.edge.TrustedProxies;
import org.estgateway.ejb.ca.key.CaKeyLocation;
import org.estgateway.ejb.ca.key.PinReference;

/**
 * The operating contract's environment variables (SPEC §12), read once. Used by the pre-start bootstrap and
 * by the application, so both agree on where the data directory and its key stores are.
 */
public record EstEnvironment(Path dataDir, String dbUrl, String dbUser, String dbPassword, List<String> hostnames,
        KeyType caKeyType, Optional<String> keystorePasswordVariable, Optional<String> adminPassword,
        Optional<Path> configFile, String crlUrl, EnrollmentLimits enrollmentLimits, TrustedProxies trustedProxies,
        CaKeyLocation caKeyLocation) {

    public static final String KEYSTORE_PASSWORD_FILE = "keystore.password";
    /** The alias of the CA key in its PKCS#12 file. */
    public static final String CA_ALIAS = "est-ca";

    public static EstEnvironment fromSystem() {
        return from(System.getenv());
    }

    public static EstEnvironment from(Map<String, String> env) {
        List<String> hostnames = Arrays.stream(value(env, "EST_HOSTNAMES").orElse("localhost,127.0.0.1").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (hostnames.isEmpty()) {
            throw new IllegalArgumentException("EST_HOSTNAMES names no host (expected e.g. est.example.com,10.0.0.5)");
        }
        Path dataDir = Path.of(value(env, "EST_DATA_DIR").orElse(System.getProperty("user.home") + "/.est-gateway"))
                .toAbsolutePath().normalize();
        return new EstEnvironment(
                dataDir,
                value(env, "EST_DB_URL").orElse("jdbc:postgresql://127.0.0.1:5432/est"),
                value(env, "EST_DB_USER").orElse("postgres"),
                value(env, "EST_DB_PASSWORD").orElse("postgres"),
                hostnames,
                KeyType.parse(value(env, "EST_CA_KEY_TYPE").orElse("ec-p256")),
                value(env, "EST_KEYSTORE_PASSWORD"),
                value(env, "EST_ADMIN_PASSWORD"),
                value(env, "EST_CONFIG").map(Path::of),
                value(env, "EST_CRL_URL").orElse("https://" + hostForUrl(hostnames.get(0)) + ":8443/crl"),
                EnrollmentLimits.from(env, Runtime.getRuntime().availableProcessors()),
                TrustedProxies.parse(env.get(TrustedProxies.VARIABLE)),
                caKeyLocation(env, dataDir));
    }

    /**
     * EST_CA_KEY_LOCATION (default: the PKCS#12 file ca/ca.p12 of the data directory), the PIN of a PKCS#11 location
     * from EST_CA_PKCS11_PIN or the file EST_CA_PKCS11_PIN_FILE.
     */
    static CaKeyLocation caKeyLocation(Map<String, String> env, Path dataDir) {
        Optional<String> text = value(env, "EST_CA_KEY_LOCATION");
        if (text.isEmpty()) {
            return new CaKeyLocation.Pkcs12File(dataDir.resolve("ca/ca.p12"), CA_ALIAS);
        }
        try {
            return CaKeyLocation.parse(text.get(), PinReference.resolver(env), CA_ALIAS);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("EST_CA_KEY_LOCATION: " + e.getMessage());
        }
    }

    private static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }

    /** The data directory's CA key store (used when EST_CA_KEY_LOCATION names no other place). */
    public Path caKeyStore() {
        return dataDir.resolve("ca/ca.p12");
    }

    public Path caCertificatePem() {
        return dataDir.resolve("ca/ca.pem");
    }

    public Path tlsKeyStore() {
        return dataDir.resolve("tls/server.p12");
    }

    public Path tlsTrustStore() {
        return dataDir.resolve("tls/trust.p12");
    }

    public Path keystorePasswordFile() {
        return dataDir.resolve(KEYSTORE_PASSWORD_FILE);
    }

    /** The key stores' password: EST_KEYSTORE_PASSWORD, else the file the bootstrap generated. */
    public char[] keystorePassword() {
        if (keystorePasswordVariable.isPresent()) {
            return keystorePasswordVariable.get().toCharArray();
        }
        try {
            return Files.readString(keystorePasswordFile()).strip().toCharArray();
        } catch (IOException e) {
            throw new IllegalStateException("key store password: EST_KEYSTORE_PASSWORD is unset and "
                    + keystorePasswordFile() + " cannot be read", e);
        }
    }
}
