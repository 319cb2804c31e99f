// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Every node of one database signs with one CA, the one the first node registered (table ca). A node whose data
 * directory holds another CA, or none yet, would issue certificates and CRLs no other node recognises: it is
 * refused at start with one line naming both CAs and the fix. Used before WildFly starts (BootstrapMain) and
 * after Flyway (CaRegistration), which also covers two nodes started at once against an empty database.
 */
public final class CaRegistryCheck {
    private CaRegistryCheck() {
    }

    /**
     * @param dataDir  EST_DATA_DIR of this node
     * @param local    SHA-256 of the CA certificate in the data directory; empty when it has no CA yet. Any key
     *                 generation of the registered CA is accepted (after a rollover the data directory still holds the
     *                 first key, or an operator put a later generation's key there)
     * @param registered the database's CA; empty when none is registered yet (a fresh database, or before V10)
     * @return the refusal, one line; empty when this node may start
     */
    public static Optional<String> refusal(Path dataDir, Optional<String> local, Optional<RegisteredCa> registered) {
        if (registered.isEmpty()) {
            return Optional.empty();
        }
        RegisteredCa db = registered.get();
        String fix = "copy the data directory of the first node (with ca/, tls/ and keystore.password) to " + dataDir
                + ", or point EST_DB_URL at this node's own database";
        if (local.isEmpty()) {
            return Optional.of("EST_DATA_DIR " + dataDir + " has no CA, but the database already has one (" + db.describe()
                    + "); this node would create a CA of its own: " + fix);
        }
        if (!db.isGeneration(local.get())) {
            return Optional.of("the CA in EST_DATA_DIR " + dataDir + " (SHA-256 " + local.get()
                    + ") is not the CA of this database (" + db.describe() + "): " + fix);
        }
        return Optional.empty();
    }
}
