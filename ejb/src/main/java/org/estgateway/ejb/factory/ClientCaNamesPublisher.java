// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.factory;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import javax.security.auth.x500.X500Principal;
import org.estgateway.tls.ClientCaNames;

/**
 * Publishes to the HTTPS listener's trust manager (module org.estgateway.tls) the CA names its TLS
 * CertificateRequest advertises next to the gateway CA: the gateway's named CAs (table ca), every manufacturer trust anchor and the issuer of every
 * enabled preregistered factory certificate. JSSE-based clients (Bouncy Castle's EST client) present only a
 * certificate whose chain names one of them, so these are exactly the certificates the application judges.
 * Republished after each change through the API (this node at once) and every minute (other nodes).
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class ClientCaNamesPublisher {
    private static final Logger LOG = Logger.getLogger(ClientCaNamesPublisher.class.getName());

    @PersistenceContext(unitName = "est")
    EntityManager em;
    @Resource
    SessionContext context;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    void start() {
        refresh();
    }

    /**
     * Through the container, so that refresh() has its own transaction inside this tick: a database outage then
     * leaves refresh() as ServiceUnavailable and DatabaseOutageInterceptor skips the tick (with the transaction
     * here, its rollback would fail the timeout and be logged with a stack trace).
     */
    @Schedule(minute = "*", hour = "*", persistent = false)
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    void periodic() {
        context.getBusinessObject(ClientCaNamesPublisher.class).refresh();
    }

    /** Reads the names in the caller's transaction, so a change made in it is already included. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void refresh() {
        em.flush(); // a trust anchor or factory certificate added or removed in the caller's transaction
        Set<X500Principal> names = new LinkedHashSet<>();
        List<?> anchors = em.createNativeQuery("SELECT der FROM trust_anchor ORDER BY id").getResultList();
        // one certificate per distinct issuer string: its issuer name is taken from the DER, byte for byte
        List<?> factories = em.createNativeQuery("SELECT (array_agg(der ORDER BY id))[1] FROM factory_certificate"
                + " WHERE enabled GROUP BY issuer_dn").getResultList();
        // the gateway's named CAs (issue 14): devices they issued authenticate with those certificates (a retired
        // CA's too, until they expire or are revoked)
        List<?> gatewayCas = em.createNativeQuery("SELECT der FROM ca WHERE status IN ('ACTIVE', 'RETIRED') AND der IS NOT NULL"
                + " ORDER BY name").getResultList();
        List<String> unreadable = new ArrayList<>();
        for (Object der : gatewayCas) {
            certificate(der, unreadable).ifPresent(c -> names.add(c.getSubjectX500Principal()));
        }
        for (Object der : anchors) {
            certificate(der, unreadable).ifPresent(c -> names.add(c.getSubjectX500Principal()));
        }
        for (Object der : factories) {
            certificate(der, unreadable).ifPresent(c -> names.add(c.getIssuerX500Principal()));
        }
        if (!unreadable.isEmpty()) {
            LOG.warning("TLS CA names: " + unreadable.size() + " stored certificate(s) unreadable: " + unreadable.get(0));
        }
        ClientCaNames.publish(names);
    }

    private static Optional<X509Certificate> certificate(Object der, List<String> unreadable) {
        try {
            return Optional.of((X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream((byte[]) der)));
        } catch (CertificateException | ClassCastException e) {
            unreadable.add(e.getMessage());
            return Optional.empty();
        }
    }
}
