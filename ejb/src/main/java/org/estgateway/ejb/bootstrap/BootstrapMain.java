// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.bootstrap;

import org.estgateway.ejb.ca.CaBootstrap;
import org.estgateway.ejb.config.ConfigurationException;
import org.estgateway.ejb.config.EstConfig;
import org.estgateway.ejb.config.EstEnvironment;

/**
 * Runs before WildFly starts (bin/est-gateway.sh): the TLS listener needs its key store at boot, before
 * any deployment could create it. Creates the database when missing, then the CA and TLS key stores.
 */
public final class BootstrapMain {
    private BootstrapMain() {
    }

    public static void main(String[] args) {
        try {
            EstEnvironment env;
            try {
                env = EstEnvironment.fromSystem(); // a malformed EST_* value stops the start here, naming it
            } catch (IllegalArgumentException e) {
                System.err.println("est-bootstrap: FAILED: configuration error: " + e.getMessage());
                System.exit(2);
                return;
            }
            System.out.println("est-bootstrap: data directory " + env.dataDir());
            System.out.println("est-bootstrap: " + trustedProxies(env));
            EstConfig config = EstConfig.load(env.configFile()); // a broken est.properties stops the start here
            System.out.println("est-bootstrap: EST configuration " + config.source() + " (" + config.handlers().size()
                    + " handlers)");
            System.out.println("est-bootstrap: " + DatabaseCreator.ensureDatabase(env.dbUrl(), env.dbUser(), env.dbPassword()));
            System.out.println("est-bootstrap: " + DatabaseCreator.ensureRoles(env.dbUrl(), env.dbUser(), env.dbPassword()));
            for (String line : new CaBootstrap(env).run()) {
                System.out.println("est-bootstrap: " + line);
            }
        } catch (ConfigurationException e) {
            System.err.println("est-bootstrap: FAILED: configuration error: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("est-bootstrap: FAILED: " + e.getMessage()
                    + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : ""));
            System.exit(1);
        }
    }

    static String trustedProxies(EstEnvironment env) {
        if (env.trustedProxies().isEmpty()) {
            return "trusted proxies: none (Client-Cert and X-Forwarded-For headers are ignored)";
        }
        return "trusted proxies: " + env.trustedProxies() + " (their Client-Cert and X-Forwarded-For headers are "
                + "believed" + (env.trustedProxies().trustsEveryone() ? "; a /0 range trusts every address" : "") + ")";
    }
}
