// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.account;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.logging.Logger;
import org.estgateway.ejb.ca.KeyStoreFiles;
import org.estgateway.ejb.config.EstEnvironment;
import org.estgateway.ejb.pki.Crypto;

/**
 * SPEC §10: a fresh install has one account {@code admin}. Its password is EST_ADMIN_PASSWORD (applied at
 * every start when set, clearing a lockout too, so an operator can always recover access); when unset on first start a generated
 * one is written to {@code <EST_DATA_DIR>/admin.password} (mode 0600) and only that path is logged.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class AdminBootstrap {
    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class.getName());
    static final String ADMIN = "admin";

    @EJB
    AccountService accounts;

    @PostConstruct
    void bootstrap() {
        EstEnvironment env = EstEnvironment.fromSystem();
        Path file = env.dataDir().resolve("admin.password");
        boolean created = accounts.ensureBootstrapAdmin(ADMIN, env.adminPassword(), () -> generate(file));
        if (created) {
            LOG.info(() -> env.adminPassword().isPresent() ? "bootstrap account 'admin' created from EST_ADMIN_PASSWORD"
                    : "bootstrap account 'admin' created; its password is in " + file);
        }
    }

    private static String generate(Path file) {
        byte[] secret = new byte[18];
        Crypto.RANDOM.nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "");
            KeyStoreFiles.restrict(file);
            Files.writeString(file, password + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return password;
    }
}
