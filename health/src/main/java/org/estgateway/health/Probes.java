// SPDX-License-Identifier: Apache-2.0
package org.estgateway.health;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * The readiness probes the application registers at start (org.estgateway.ejb.health.ReadinessProbes), by check
 * name. This class is in the EAR's lib/, so there is one map per deployment of the EAR (its class loader), none
 * shared with other deployments or left behind by an undeployment.
 */
public final class Probes {
    private static final Map<String, Supplier<HealthCheckResponse>> PROBES = new ConcurrentHashMap<>();

    private Probes() {
    }

    public static void register(String name, Supplier<HealthCheckResponse> probe) {
        PROBES.put(name, probe);
    }

    public static void unregister(String name) {
        PROBES.remove(name);
    }

    /** The probe's answer; DOWN while it is not registered (the application is still starting) or when it fails. */
    static HealthCheckResponse call(String name) {
        Supplier<HealthCheckResponse> probe = PROBES.get(name);
        if (probe == null) {
            return HealthCheckResponse.named(name).down().withData("error", "the application has not started").build();
        }
        try {
            return probe.get();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named(name).down().withData("error", e.toString()).build();
        }
    }
}
