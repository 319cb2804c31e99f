// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.bootstrap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Optional;
import org.estgateway.ejb.ca.CaBootstrap;
import org.estgateway.ejb.ca.CaRegistryCheck;
import org.estgateway.ejb.ca.RegisteredCa;
import org.estgateway.ejb.config.ConfigurationException;
import org.estgateway.ejb.config.EstConfig;
import org.estgateway.ejb.config.EstEnvironment;
import org.estgateway.ejb.node.NodeLock;
import org.estgateway.ejb.node.NodeName;

/**
 * Runs before WildFly starts (bin/est-gateway.sh): the TLS listener needs its key store at boot, before
 * any deployment could create it. Creates the database when missing, refuses a node name that a running node
 * holds, then creates the CA and TLS key stores (under a lock of the data directory), and refuses a data directory
 * whose CA is not the one registered in the database. The node name and its transaction node identifier go to the
 * file named by the system property {@value #NODE_FILE_PROPERTY} (two lines), for the launcher.
 */
public final class BootstrapMain {
    static final String NODE_FILE_PROPERTY = "est.bootstrap.node-file";
    /** Another node's first start (a CA key and a TLS key) takes seconds; a lock held this long is a hang. */
    static final Duration LOCK_WAIT = Duration.ofMinutes(3);

    private BootstrapMain() {
    }

    private static void refuseIf(Optional<String> refusal) {
        if (refusal.isPresent()) {
            throw new IllegalStateException(refusal.get());
        }
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
            NodeName node = NodeName.current(); // an invalid EST_NODE_NAME stops the start here
            System.out.println("est-bootstrap: " + DatabaseCreator.ensureDatabase(env.dbUrl(), env.dbUser(), env.dbPassword()));
            // as early as possible: a second node with a running node's name stops before WildFly starts
            try (Connection c = NodeLock.connect(env.dbUrl(), env.dbUser(), env.dbPassword(), node)) {
                NodeLock.checkFree(c, node);
            }
            System.out.println("est-bootstrap: node " + node + " (transaction node identifier " + node.txNodeId() + ")");
            String nodeFile = System.getProperty(NODE_FILE_PROPERTY);
            if (nodeFile != null) {
                Files.writeString(Path.of(nodeFile), node + "\n" + node.txNodeId() + "\n");
            }
            System.out.println("est-bootstrap: " + DatabaseCreator.ensureRoles(env.dbUrl(), env.dbUser(), env.dbPassword()));
            // Nodes sharing the data directory and started at once: one sets it up, the others wait and reuse it.
            try (DataDirLock lock = DataDirLock.acquire(env.dataDir(), LOCK_WAIT, l -> System.out.println("est-bootstrap: " + l))) {
                Optional<RegisteredCa> registered = CaRegistryReader.registered(env.dbUrl(), env.dbUser(), env.dbPassword());
                CaBootstrap ca = new CaBootstrap(env);
                if (!ca.hasCa()) { // refused before a CA of its own is created
                    refuseIf(CaRegistryCheck.refusal(env.dataDir(), Optional.empty(), registered));
                }
                for (String line : ca.run()) {
                    System.out.println("est-bootstrap: " + line);
                }
                refuseIf(CaRegistryCheck.refusal(env.dataDir(), Optional.of(ca.caCertificate().sha256().hex()), registered));
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
