// SPDX-License-Identifier: Apache-2.0
package org.estgateway.tls;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Logger;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactorySpi;
import javax.security.auth.x500.X500Principal;

/**
 * Produces {@link AcceptAnyClientTrustManager}. The key store Elytron passes in (trust.p12, written by the
 * bootstrap with the gateway CA) does not decide trust; its certificates' subjects are advertised as CA names.
 * Elytron's {@code trust-manager=estTM:init()} re-reads it.
 */
public final class AcceptAnyClientTrustManagerFactory extends TrustManagerFactorySpi {
    private static final Logger LOG = Logger.getLogger(AcceptAnyClientTrustManagerFactory.class.getName());
    private volatile TrustManager[] managers = {new AcceptAnyClientTrustManager(List.of())};

    @Override
    protected void engineInit(KeyStore ks) {
        managers = new TrustManager[] {new AcceptAnyClientTrustManager(subjects(ks))};
    }

    /** An unreadable key store (none yet: the build's embedded server, a first start) only costs the CA names. */
    private static List<X500Principal> subjects(KeyStore ks) {
        List<X500Principal> names = new ArrayList<>();
        if (ks == null) {
            return names;
        }
        try {
            for (String alias : Collections.list(ks.aliases())) {
                Certificate c = ks.getCertificate(alias);
                if (c instanceof X509Certificate x) {
                    names.add(x.getSubjectX500Principal());
                }
            }
        } catch (KeyStoreException e) {
            LOG.warning("TLS CertificateRequest: trust key store not readable, gateway CA not advertised: " + e);
        }
        return names;
    }

    @Override
    protected void engineInit(ManagerFactoryParameters spec) {
        managers = new TrustManager[] {new AcceptAnyClientTrustManager(List.of())};
    }

    @Override
    protected TrustManager[] engineGetTrustManagers() {
        return managers.clone();
    }
}
