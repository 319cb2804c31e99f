// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;
import org.estgateway.ejb.audit.AuditService;
import org.estgateway.ejb.config.ConfigurationBean;
import org.estgateway.ejb.config.EstEnvironment;
import org.estgateway.ejb.error.Conflict;
import org.estgateway.ejb.error.EstException;
import org.estgateway.ejb.error.MalformedRequest;
import org.estgateway.ejb.error.NotFound;
import org.estgateway.persistence.audit.AuditEvent;
import org.estgateway.persistence.ca.CaRepository;

/**
 * The end of a CA's life ({@code DELETE /api/v1/cas/<name>}): a PENDING CA (a subordinate whose chain never came)
 * is deleted with its key file; an ACTIVE one is RETIRED: it issues no more, its row, certificates and CRL stay,
 * its certificates stay revocable and still authenticate until they expire or are revoked (devices re-enroll on a
 * label of another CA). Refused (409) for 'default', for a CA a procedure of est.properties names, for a RETIRED
 * one; 404 for an unknown one. Audited (CA_DELETED / CA_RETIRED, SUCCESS or REFUSED). This node's registry follows
 * once the transaction has committed, the other nodes' within their one-minute poll.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class CaLifecycle {
    private static final Logger LOG = Logger.getLogger(CaLifecycle.class.getName());

    @Inject
    CaRepository cas;
    @EJB
    CaRegistry registry;
    @Inject
    AuditService audit;
    @EJB
    ConfigurationBean configuration;
    @Resource
    TransactionSynchronizationRegistry transactions;

    /** What became of the CA: DELETED (it was PENDING) or RETIRED. */
    public enum Removal { DELETED, RETIRED }

    public Removal remove(String name, String actor) {
        String event = "CA_RETIRED";
        try {
            if (name == null || !CaAdministration.NAME.matcher(name).matches()) {
                throw new NotFound("no CA named '" + (name == null ? "" : name.replaceAll("[^A-Za-z0-9_-]", "?")) + "'");
            }
            if (name.equals(CaRepository.DEFAULT)) {
                throw new Conflict("'default' is the data directory's CA: it can be neither deleted nor retired");
            }
            cas.lockForCreation(); // against a chain import or a second removal at the same time
            CaRepository.CaRow row = cas.all().stream().filter(r -> r.name().equals(name)).findFirst()
                    .orElseThrow(() -> new NotFound("no CA named '" + name + "'"));
            event = row.status().equals("PENDING") ? "CA_DELETED" : "CA_RETIRED";
            List<String> naming = configuration.config().proceduresNaming(name);
            if (!naming.isEmpty()) {
                throw new Conflict("CA '" + name + "' is named by procedure " + String.join(", ", naming) + " of "
                        + configuration.config().source() + ": let the procedure name another CA first");
            }
            return switch (row.status()) {
                case "PENDING" -> delete(row, actor);
                case "ACTIVE" -> retire(row, actor);
                default -> throw new Conflict("CA '" + name + "' is " + row.status() + " already");
            };
        } catch (MalformedRequest | Conflict | NotFound e) {
            refused(event, name, actor, e);
            throw e;
        }
    }

    private Removal delete(CaRepository.CaRow row, String actor) {
        String name = row.name();
        if (configuration.config().createdCas().containsKey(name)) {
            throw new Conflict("CA '" + name + "' is declared by ca." + name + ".create in " + configuration.config().source()
                    + ": remove that first (the next start would create it again)");
        }
        if (!cas.deletePending(name)) {
            throw new Conflict("CA '" + name + "' is no longer PENDING");
        }
        boolean file = row.keyLocation().startsWith("pkcs12:");
        Path dataDir = EstEnvironment.fromSystem().dataDir();
        afterCommit(() -> {
            registry.deleted(name);
            if (file) {
                deleteKeyFile(CaKeyLoader.pkcs12File(dataDir, row.keyLocation()));
            }
        });
        audit.record(new AuditEvent.Fields("CA_DELETED", "SUCCESS", actor, "ADMIN_API", null, null, row.subjectDn(), null,
                204, "CA '" + name + "' (PENDING) deleted" + (file ? " with its key file " + row.keyLocation()
                        : "; its key at " + row.keyLocation() + " stays where it is")).withCa(name));
        return Removal.DELETED;
    }

    private Removal retire(CaRepository.CaRow row, String actor) {
        String name = row.name();
        if (!cas.retire(name)) {
            throw new Conflict("CA '" + name + "' is no longer ACTIVE");
        }
        afterCommit(() -> registry.retired(name));
        audit.record(new AuditEvent.Fields("CA_RETIRED", "SUCCESS", actor, "ADMIN_API", null, null, row.subjectDn(), null,
                200, "CA '" + name + "' RETIRED: issues no more; its certificates stay on record and revocable, its CRL "
                        + "published").withCa(name));
        return Removal.RETIRED;
    }

    /** The key file goes when the row is gone for good: a rolled-back deletion keeps both. */
    private void afterCommit(Runnable action) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    action.run();
                }
            }
        });
    }

    private static void deleteKeyFile(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warning(() -> "PENDING CA deleted, but its key file " + file + " could not be removed: " + e.getMessage());
        }
    }

    private void refused(String event, String name, String actor, EstException e) {
        // every refusal's message names the CA already
        audit.recordAlone(new AuditEvent.Fields(event, "REFUSED", actor, "ADMIN_API", null, null, null, null, e.status(),
                e.getMessage()).withCa(CaAdministration.auditedName(name)));
    }
}
