// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.metrics;

import io.micrometer.core.instrument.Tags;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * {@code est_approvals_pending} and {@code est_approval_deliveries_failing}: counted every 15 s by one cheap query
 * (never on the scrape: a slow database must not stall Prometheus). NaN until the first count succeeds and while
 * the database does not answer.
 */
@Singleton
@Startup
@jakarta.ejb.DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ApprovalGauges {
    private static final Logger LOG = Logger.getLogger(ApprovalGauges.class.getName());
    static final String COUNT = "SELECT count(*),"
            + " count(*) FILTER (WHERE delivered_at IS NULL AND last_delivery_error IS NOT NULL)"
            + " FROM approval_request WHERE status = 'PENDING' AND expires_at > now()";

    @Resource(lookup = "java:jboss/datasources/EstDS")
    DataSource ds;
    @Inject
    EstMetrics metrics;

    private volatile double pending = Double.NaN;
    private volatile double failing = Double.NaN;

    @PostConstruct
    void register() {
        // pending: waiting for a decision, not expired; failing: of those, the last delivery to the approval
        // service failed
        metrics.registry().gauge("est.approvals.pending", Tags.empty(), this, g -> g.pending);
        metrics.registry().gauge("est.approval.deliveries.failing", Tags.empty(), this, g -> g.failing);
        refresh();
    }

    @Schedule(second = "*/15", minute = "*", hour = "*", persistent = false)
    public void refresh() {
        try (Connection c = ds.getConnection(); PreparedStatement s = c.prepareStatement(COUNT)) {
            s.setQueryTimeout(5);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                pending = r.getLong(1);
                failing = r.getLong(2);
            }
        } catch (SQLException | RuntimeException e) {
            pending = Double.NaN;
            failing = Double.NaN;
            LOG.log(Level.FINE, "approval gauges not refreshed", e);
        }
    }
}
