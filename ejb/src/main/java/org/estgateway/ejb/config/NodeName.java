// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * This node's name for the rows it writes (crl.created_by, ca.registered_by): EST_NODE_NAME, else the host
 * name and the port offset ("gw1-0"), the default the node-identity work agreed on.
 */
public final class NodeName {
    private NodeName() {
    }

    public static String current() {
        return Optional.ofNullable(System.getenv("EST_NODE_NAME")).map(String::strip).filter(n -> !n.isEmpty())
                .orElseGet(() -> host() + "-" + System.getProperty("jboss.socket.binding.port-offset", "0"));
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
        }
    }
}
