// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.config;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.util.logging.Logger;
import org.estgateway.ejb.audit.AuditService;
import org.estgateway.persistence.audit.AuditEvent;

/**
 * est.properties as loaded at start (the pre-start bootstrap already refused a broken file, so a failure
 * here is unexpected). Read-only afterwards; lock-free reads. After NodeRegistry: a node refused for its
 * name writes no audit row.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "NodeRegistry"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ConfigurationBean {
    private static final Logger LOG = Logger.getLogger(ConfigurationBean.class.getName());

    @EJB
    AuditService audit;

    private volatile EstConfig config;

    @PostConstruct
    void load() {
        config = EstConfig.load(EstEnvironment.fromSystem().configFile());
        LOG.info(() -> "EST configuration " + config.source() + ": " + config.handlers().size() + " handlers, "
                + config.procedures().size() + " procedures, sha256 " + config.sha256());
        config.warnings().forEach(LOG::warning);
        audit.recordAlone(new AuditEvent.Fields("CONFIG_LOADED", "SUCCESS", "system", "NONE", null, null, null, null,
                null, config.source() + " sha256=" + config.sha256()));
    }

    public EstConfig config() {
        return config;
    }
}
