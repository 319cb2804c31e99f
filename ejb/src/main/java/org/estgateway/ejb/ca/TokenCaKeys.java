// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.bouncycastle.asn1.x500.X500Name;
import org.estgateway.ejb.ca.key.CaKey;
import org.estgateway.ejb.ca.key.CaKeyException;
import org.estgateway.ejb.ca.key.CaKeyLocation;
import org.estgateway.ejb.ca.key.CaKeys;
import org.estgateway.ejb.config.KeyType;
import org.estgateway.ejb.pki.CertificateDer;

/**
 * The key of a new named CA in a PKCS#11 token, without database: generated inside the token (non-extractable,
 * sensitive) when its label is absent, or the key already there (with the certificate object stored with it, as
 * the JDK's PKCS#11 key store shows only keys with a certificate). The CA certificate is signed through PKCS#11.
 * Every check runs before anything is generated; a token problem is a {@link CaKeyException}, a refused input a
 * {@link CaFactory.CaRefused}, both one line without the PIN.
 */
public final class TokenCaKeys {
    private static final Logger LOG = Logger.getLogger(TokenCaKeys.class.getName());

    /** Whether the key must already be in the token ({@code existingKey} of the admin API). */
    public enum Existing {
        /** Used when present, generated when absent (est.properties, and the API without existingKey). */
        EITHER,
        /** Must be present: an absent label is refused (existingKey: true). */
        REQUIRED,
        /** Must be absent: a present label is refused (existingKey: false). */
        FORBIDDEN;

        public static Existing of(Boolean existingKey) {
            return existingKey == null ? EITHER : existingKey ? REQUIRED : FORBIDDEN;
        }
    }

    /** The CA key in the token, opened; {@code generated}: made by this call (removed again if the CA is not recorded). */
    public record Created(CaKeyLocation.Pkcs11Token location, CaKey key, boolean generated) {
    }

    private TokenCaKeys() {
    }

    /**
     * A self-signed CA: a present key is used with the CA certificate stored with it (which must be a CA certificate
     * valid now, of {@code type} when one was asked for); an absent one is generated with a self-signed certificate
     * ({@code subject}, or the default CA subject), both stored in the token.
     */
    public static Created selfSigned(String name, CaKeyLocation.Pkcs11Token location, Optional<KeyType> type,
            Existing existing, Optional<String> subject) {
        X500Name dn = CaFactory.subject(name, subject);
        if (present(location, existing)) {
            CaKey key = CaKeys.open(location, () -> null);
            type.ifPresent(t -> requireType(key.certificate(), t, location));
            try {
                CaFactory.checkCa(key.key(), key.provider(), key.chain(), Instant.now());
            } catch (CaFactory.CaRefused e) {
                throw new CaFactory.CaRefused("the certificate stored with " + location.describe() + ": " + e.getMessage());
            }
            return new Created(location, key, false);
        }
        return generate(location, type.orElse(KeyType.EC_P256), dn);
    }

    /**
     * A pending subordinate CA's key: always generated (a present label is refused: the request must be for a key
     * nobody else uses), with a placeholder self-signed certificate for {@code subject}, never published.
     */
    public static Created pending(String name, CaKeyLocation.Pkcs11Token location, KeyType type, Optional<String> subject) {
        X500Name dn = CaFactory.subject(name, subject);
        present(location, Existing.FORBIDDEN);
        return generate(location, type, dn);
    }

    /** Removes a key this class generated (its CA was not recorded); a failure is logged, not thrown. */
    public static void discard(Created created) {
        if (!created.generated()) {
            return;
        }
        try {
            CaKeys.delete(created.location());
        } catch (RuntimeException e) {
            LOG.warning(() -> "could not remove the unused key of " + created.location().describe() + ": " + e.getMessage());
        }
    }

    private static boolean present(CaKeyLocation.Pkcs11Token location, Existing existing) {
        boolean present = CaKeys.exists(location); // logs in: a library, token or PIN problem stops here
        if (present && existing == Existing.FORBIDDEN) {
            throw new CaFactory.CaRefused("a key labelled '" + location.keyLabel() + "' exists already in "
                    + location.describe() + " (a new key was asked for)");
        }
        if (!present && existing == Existing.REQUIRED) {
            throw new CaFactory.CaRefused("no key labelled '" + location.keyLabel() + "' with a certificate in "
                    + location.describe() + " (an existing key was asked for)");
        }
        return present;
    }

    private static Created generate(CaKeyLocation.Pkcs11Token location, KeyType type, X500Name subject) {
        CaKeys.Generated generated = CaKeys.generate(location, type);
        CertificateDer certificate;
        try {
            certificate = CaFactory.selfSigned(subject, generated.pair(), generated.provider());
        } catch (RuntimeException e) {
            throw new CaKeyException("cannot sign the CA certificate in " + location.describe() + ": " + e.getMessage());
        }
        return new Created(location, CaKeys.store(location, generated, List.of(certificate), () -> null), true);
    }

    private static void requireType(CertificateDer certificate, KeyType type, CaKeyLocation.Pkcs11Token location) {
        String algorithm = CaFactory.algorithm(certificate);
        String expected = type == KeyType.EC_P256 ? "EC P-256" : "RSA 3072";
        if (!algorithm.equals(expected)) {
            throw new CaFactory.CaRefused("the key '" + location.keyLabel() + "' in " + location.describe() + " is "
                    + algorithm + ", not " + type.name().toLowerCase().replace('_', '-'));
        }
    }
}
