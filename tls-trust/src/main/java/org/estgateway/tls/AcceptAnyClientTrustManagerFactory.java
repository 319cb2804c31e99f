// SPDX-License-Identifier: Apache-2.0
package org.estgateway.tls;

import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
    private volatile TrustManager[] managers = {new AcceptAnyClientTrustManager(List.of())};

    @Override
    protected void engineInit(KeyStore ks) throws KeyStoreException {
        List<X500Principal> names = new ArrayList<>();
        if (ks != null) {
            for (String alias : Collections.list(ks.aliases())) {
                Certificate c = ks.getCertificate(alias);
                if (c instanceof X509Certificate x) {
                    names.add(x.getSubjectX500Principal());
                }
            }
        }
        managers = new TrustManager[] {new AcceptAnyClientTrustManager(names)};
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
