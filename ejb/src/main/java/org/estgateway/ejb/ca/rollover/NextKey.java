// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca.rollover;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.bouncycastle.asn1.x500.X500Name;
import org.estgateway.ejb.ca.CaBootstrap;
import org.estgateway.ejb.ca.CaFactory;
import org.estgateway.ejb.ca.CaKeyLoader;
import org.estgateway.ejb.ca.CertificateIssuer;
import org.estgateway.ejb.ca.key.CaKeyException;
import org.estgateway.ejb.ca.key.CaKeyLocation;
import org.estgateway.ejb.ca.key.CaKeys;
import org.estgateway.ejb.config.EstEnvironment;
import org.estgateway.ejb.config.KeyType;
import org.estgateway.ejb.error.Conflict;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.ejb.pki.SerialNumber;

/**
 * Generates a CA's next key where its current key lives (a PKCS#12 file ca/&lt;name&gt;-g&lt;n&gt;.p12 of the data
 * directory, or the same PKCS#11 token under the label &lt;label&gt;-g&lt;n&gt;) with its self-signed certificate
 * (the CA's subject, {@link CaFactory}'s validity).
 */
final class NextKey {
    /** The stored key: its key location text (for ca_generation) and its certificate. */
    record Made(String location, CertificateDer certificate) {
    }

    private NextKey() {
    }

    /** The requested type, or the current key's ('ec-p256' for EC, 'rsa-3072' for RSA). */
    static KeyType keyType(String requested, CertificateDer current) {
        if (requested == null) {
            return current.x509().getPublicKey().getAlgorithm().equals("RSA") ? KeyType.RSA_3072 : KeyType.EC_P256;
        }
        try {
            KeyType type = KeyType.parse(requested);
            if (type != KeyType.EC_P256 && type != KeyType.RSA_3072) {
                throw CaRollover.badKeyType();
            }
            return type;
        } catch (IllegalArgumentException e) {
            throw CaRollover.badKeyType();
        }
    }

    /**
     * A key already at the next location (left by an attempt that did not complete, or put there by hand) is refused:
     * the gateway never generates a second key under one label, nor overwrites a key it did not record.
     *
     * @param uncommitted told the file of a PKCS#12 key before it is written, so that it goes again unless the
     *                    transaction commits
     * @param undoUnlessCommitted told how to remove a key generated in a token, for the same reason
     */
    static Made make(EstEnvironment env, String name, String currentLocation, int generation, CertificateDer current,
            KeyType type, Consumer<Path> uncommitted, Consumer<Runnable> undoUnlessCommitted) {
        String text = Generations.nextLocation(name, currentLocation, generation);
        CaKeyLocation location = location(env, text);
        X500Name subject = current.holder().getSubject();
        try {
            if (CaKeys.exists(location)) {
                throw new Conflict("CA '" + name + "': " + location.describe() + " exists already, but no key generation "
                        + generation + " is recorded (left by an attempt that did not complete?); remove it, then retry");
            }
            if (location instanceof CaKeyLocation.Pkcs11Token) {
                undoUnlessCommitted.accept(() -> {
                    try {
                        CaKeys.delete(location);
                    } catch (CaKeyException e) {
                        java.util.logging.Logger.getLogger(NextKey.class.getName()).warning(() -> "CA '" + name
                                + "': the next key generated in " + location.describe() + " could not be removed after "
                                + "its transaction rolled back: " + e.getMessage());
                    }
                });
            }
            CaKeys.Generated generated = CaKeys.generate(location, type);
            CertificateDer cert = CertificateIssuer.selfSigned(generated.pair().getPrivate(), generated.provider(), subject)
                    .issue(CaFactory.selfSignedTemplate(subject, generated.pair().getPublic(), Instant.now()),
                            SerialNumber.random());
            if (location instanceof CaKeyLocation.Pkcs12File p) {
                uncommitted.accept(p.file());
            }
            CaKeys.store(location, generated, List.of(cert), env::keystorePassword);
            return new Made(text, cert);
        } catch (CaKeyException e) {
            throw new Conflict("CA '" + name + "': cannot make its next key: " + e.getMessage());
        }
    }

    /** The next key's location; a token's PIN as for the current key (its pin-file=/pin-env= reference, else EST_CA_PKCS11_PIN[_FILE]). */
    private static CaKeyLocation location(EstEnvironment env, String text) {
        try {
            return CaKeyLoader.location(text, env.dataDir(), System.getenv());
        } catch (IllegalArgumentException | CaKeyException e) {
            throw new Conflict("key location " + text + ": " + e.getMessage());
        }
    }
}
