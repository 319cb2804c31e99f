// SPDX-License-Identifier: Apache-2.0
package org.estgateway.tls;

import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Bouncy Castle's elliptic-curve services, and only those, ahead of the JDK's (Elytron {@code initial-providers}):
 * the JDK's TLS (SunJSSE) then signs its handshakes (ECDSA P-256), verifies client CertificateVerify messages and
 * agrees keys (X25519, ECDH) with Bouncy Castle's arithmetic instead of SunEC's pure-Java one, which costs several
 * times more CPU (docs/PERFORMANCE.md). Ciphers, MACs, digests, key stores and random numbers stay the JDK's (AES-GCM
 * and SHA-256 with CPU intrinsics). Opt-in: {@code -Dest.tls.ec=bc} (EST_TLS_EC=bc); by default (jdk) it registers
 * nothing and SunEC serves as before: the whole-server benchmark has not shown the gain yet (docs/PERFORMANCE.md).
 */
public final class EstEcProvider extends Provider {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(EstEcProvider.class.getName());
    static final String NAME = "EstEC";

    /** type, algorithm: what SunJSSE looks up for EC certificates and (EC)DHE key exchange. */
    static final List<List<String>> SERVICES = List.of(
            List.of("Signature", "SHA256withECDSA"), List.of("Signature", "SHA384withECDSA"),
            List.of("Signature", "SHA512withECDSA"), List.of("Signature", "SHA1withECDSA"),
            List.of("KeyAgreement", "ECDH"), List.of("KeyAgreement", "XDH"), List.of("KeyAgreement", "X25519"),
            List.of("KeyAgreement", "X448"),
            List.of("KeyPairGenerator", "EC"), List.of("KeyPairGenerator", "XDH"), List.of("KeyPairGenerator", "X25519"),
            List.of("KeyPairGenerator", "X448"),
            List.of("KeyFactory", "EC"), List.of("KeyFactory", "XDH"), List.of("KeyFactory", "X25519"),
            List.of("KeyFactory", "X448"));

    public EstEcProvider() {
        this("bc".equalsIgnoreCase(System.getProperty("est.tls.ec", "jdk")));
    }

    EstEcProvider(boolean enabled) {
        super(NAME, "1.0", "EST Gateway: Bouncy Castle's elliptic-curve services for TLS");
        if (!enabled) {
            LOG.info("TLS elliptic-curve operations: the JDK's SunEC (est.tls.ec=jdk)");
            return;
        }
        Provider bc = new BouncyCastleProvider();
        for (List<String> s : SERVICES) {
            Provider.Service delegate = bc.getService(s.get(0), s.get(1));
            if (delegate == null) {
                throw new IllegalStateException("Bouncy Castle offers no " + s.get(0) + "." + s.get(1));
            }
            putService(new Delegating(this, delegate));
        }
        LOG.info("TLS elliptic-curve operations: Bouncy Castle " + bc.getVersionStr() + " ahead of SunEC (est.tls.ec=bc)");
    }

    /** A Bouncy Castle service offered under this provider: the same implementation, instantiated by Bouncy Castle. */
    private static final class Delegating extends Provider.Service {
        private final Provider.Service delegate;

        Delegating(Provider provider, Provider.Service delegate) {
            super(provider, delegate.getType(), delegate.getAlgorithm(), delegate.getClassName(), List.of(), Map.of());
            this.delegate = delegate;
        }

        @Override
        public Object newInstance(Object parameter) throws NoSuchAlgorithmException {
            return delegate.newInstance(parameter);
        }

        @Override
        public boolean supportsParameter(Object parameter) {
            return delegate.supportsParameter(parameter);
        }
    }
}
