// SPDX-License-Identifier: Apache-2.0
package org.estgateway.tls;

import java.security.Provider;
import java.util.List;
import java.util.Map;

/** Registers the {@value #ALGORITHM} TrustManagerFactory (used by Elytron's trust-manager estTM). */
public final class EstTlsProvider extends Provider {
    private static final long serialVersionUID = 1L;
    public static final String ALGORITHM = "EstAcceptAnyClient";

    public EstTlsProvider() {
        super("EstTlsProvider", "1.0", "EST Gateway: client certificates are verified by the application");
        putService(new Service(this, "TrustManagerFactory", ALGORITHM,
                AcceptAnyClientTrustManagerFactory.class.getName(), List.of(), Map.of()));
    }
}
