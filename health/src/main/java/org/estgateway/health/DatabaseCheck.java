// SPDX-License-Identifier: Apache-2.0
package org.estgateway.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness check {@code database}: the database answers a trivial query through the application's pool
 * (java:jboss/datasources/EstDS) within {@value #TIMEOUT_SECONDS} s. The check waits no longer, not even for a
 * pool that hands out no connection: that counts as down.
 */
@Readiness
@ApplicationScoped
public class DatabaseCheck implements HealthCheck {
    static final int TIMEOUT_SECONDS = 3;

    @Resource(lookup = "java:jboss/datasources/EstDS")
    DataSource ds;
    // by its global name: java:comp/DefaultManagedExecutorService may not resolve for a bean in the EAR's lib/
    @Resource(lookup = "java:jboss/ee/concurrency/executor/default")
    ManagedExecutorService executor;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("database");
        long start = System.nanoTime();
        try {
            String version = CompletableFuture.supplyAsync(this::query, executor).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return r.up().withData("server", version)
                    .withData("millis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).build();
        } catch (TimeoutException e) {
            return r.down().withData("error", "no answer within " + TIMEOUT_SECONDS + " s").build();
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return r.down().withData("error", cause.getMessage() == null ? cause.toString() : cause.getMessage())
                    .build();
        }
    }

    private String query() {
        try (Connection c = ds.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT current_setting('server_version')")) {
            s.setQueryTimeout(TIMEOUT_SECONDS);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
