// SPDX-License-Identifier: Apache-2.0
package org.estgateway.tls;

import java.security.KeyStore;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactorySpi;

/** Produces {@link AcceptAnyClientTrustManager}; the key store Elytron passes in is not used. */
public final class AcceptAnyClientTrustManagerFactory extends TrustManagerFactorySpi {
    private static final TrustManager[] MANAGERS = {new AcceptAnyClientTrustManager()};

    @Override
    protected void engineInit(KeyStore ks) {
        // trust decisions are the application's
    }

    @Override
    protected void engineInit(ManagerFactoryParameters spec) {
        // trust decisions are the application's
    }

    @Override
    protected TrustManager[] engineGetTrustManagers() {
        return MANAGERS.clone();
    }
}
