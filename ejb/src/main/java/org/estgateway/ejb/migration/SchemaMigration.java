// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.migration;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.util.logging.Logger;
import org.estgateway.ejb.config.EstEnvironment;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Flyway applies db-migrations (in EAR lib/) before anything else touches the database. It connects as the
 * login user of EST_DB_* (the schema owner), not through the application's datasource, whose connections
 * run as the restricted role est_app.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigration {
    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

    @PostConstruct
    void migrate() {
        EstEnvironment env = EstEnvironment.fromSystem();
        PGSimpleDataSource owner = new PGSimpleDataSource();
        owner.setURL(env.dbUrl());
        owner.setUser(env.dbUser());
        owner.setPassword(env.dbPassword());
        var result = Flyway.configure(getClass().getClassLoader()).dataSource(owner)
                .locations("classpath:db/migration").load().migrate();
        // targetSchemaVersion is null when nothing was applied (e.g. another node migrated while this one waited
        // on Flyway's lock)
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        LOG.info(() -> "database schema at version " + version + " (" + result.migrationsExecuted + " migrations applied now)");
    }
}
