// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import org.estgateway.ejb.config.EstEnvironment;
import org.estgateway.ejb.node.NodeName;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.persistence.ca.CaGenerationRepository;
import org.estgateway.persistence.ca.CaRepository;

/**
 * At deployment, after Flyway: registers this node's CA in the database if none is (the first node wins), then
 * refuses the deployment when the registered CA is another one. The launcher already checked this before WildFly
 * started; this covers nodes that started at the same moment against a database that had no registered CA yet.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "CaSigner"})
public class CaRegistration {
    private static final Logger LOG = Logger.getLogger(CaRegistration.class.getName());

    @EJB
    CaSigner signer;
    @Inject
    CaRepository cas;
    @Inject
    CaGenerationRepository generations;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    void register() {
        CertificateDer mine = signer.caCertificate();
        String sha256 = mine.sha256().hex();
        CaRepository.Registered db = cas.registerIfAbsent(CaRepository.DEFAULT, sha256, mine.holder().getSubject().toString(),
                mine.der(), NodeName.current().value());
        Optional<String> refusal = CaRegistryCheck.refusal(EstEnvironment.fromSystem().dataDir(), Optional.of(sha256),
                Optional.of(new RegisteredCa(db.sha256(), db.subjectDn(), db.registeredBy(), db.registeredAt(),
                        generations.of(CaRepository.DEFAULT).stream().map(CaGenerationRepository.Generation::sha256).toList())));
        if (refusal.isPresent()) {
            LOG.severe(refusal.get());
            throw new IllegalStateException(refusal.get());
        }
        cas.updateKeyLocation(CaRepository.DEFAULT, signer.asIssuingCa().keyLocation());
        LOG.info(() -> "this node's CA is the database's CA: SHA-256 " + sha256 + (sha256.equalsIgnoreCase(db.sha256())
                ? "" : " (a key generation of it; the current one is SHA-256 " + db.sha256() + ")") + " (registered by " + db.registeredBy()
                + " at " + db.registeredAt() + ")");
    }
}
