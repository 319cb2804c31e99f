// SPDX-License-Identifier: Apache-2.0
package org.estgateway.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness check {@code node-name}: this node holds the lock on its name (org.estgateway.ejb.node.NodeRegistry);
 * DOWN when another running node took the name while this one had lost its database connection.
 */
@Readiness
@ApplicationScoped
public class NodeNameCheck implements HealthCheck {
    @Override
    public HealthCheckResponse call() {
        return Probes.call("node-name");
    }
}
