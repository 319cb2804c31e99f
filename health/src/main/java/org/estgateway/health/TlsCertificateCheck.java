// SPDX-License-Identifier: Apache-2.0
package org.estgateway.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness check {@code tls-certificate}: the probe org.estgateway.ejb.health.ReadinessProbes registers. */
@Readiness
@ApplicationScoped
public class TlsCertificateCheck implements HealthCheck {
    @Override
    public HealthCheckResponse call() {
        return Probes.call("tls-certificate");
    }
}
