// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.bootstrap;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.estgateway.ejb.ca.CaBootstrap;
import org.estgateway.ejb.config.ConfigurationException;
import org.estgateway.ejb.config.EstConfig;
import org.estgateway.ejb.config.EstEnvironment;
import org.estgateway.ejb.node.NodeLock;
import org.estgateway.ejb.node.NodeName;

/**
 * Runs before WildFly starts (bin/est-gateway.sh): the TLS listener needs its key store at boot, before
 * any deployment could create it. Creates the database when missing, refuses a node name that a running node
 * holds, then creates the CA and TLS key stores. The node name and its transaction node identifier go to the
 * file named by the system property {@value #NODE_FILE_PROPERTY} (two lines), for the launcher.
 */
public final class BootstrapMain {
    static final String NODE_FILE_PROPERTY = "est.bootstrap.node-file";

    private BootstrapMain() {
    }

    public static void main(String[] args) {
        try {
            EstEnvironment env = EstEnvironment.fromSystem();
            System.out.println("est-bootstrap: data directory " + env.dataDir());
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
}
