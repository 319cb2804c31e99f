// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.health;

import io.micrometer.core.instrument.Tags;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.estgateway.ejb.ca.CaBootstrap;
import org.estgateway.ejb.ca.CaRegistry;
import org.estgateway.ejb.ca.IssuingCa;
import org.estgateway.ejb.ca.KeyStoreFiles;
import org.estgateway.ejb.config.ConfigurationBean;
import org.estgateway.ejb.config.EstConfig;
import org.estgateway.ejb.config.EstEnvironment;
import org.estgateway.ejb.metrics.EstMetrics;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.ejb.pki.Crypto;
import org.estgateway.health.Probes;

/**
 * The readiness checks that need the application (the check classes are in est-health, EAR lib/, where WildFly
 * finds them; see org.estgateway.health.Probes):
 * <ul>
 * <li>{@code ca-key}: the loaded CA key signs an empty CRL that the CA certificate verifies (at most once a
 * minute, the answer is cached), and the CA certificate has {@code EST_READY_MIN_CERT_DAYS} days left;
 * <li>{@code tls-certificate}: the TLS server certificate ($EST_DATA_DIR/tls/server.p12, the key store the HTTPS
 * listener loads) has {@code EST_READY_MIN_CERT_DAYS} days left;
 * <li>{@code configuration}: est.properties is loaded (where from, SHA-256, handlers).
 * </ul>
 */
@Singleton
@Startup
@DependsOn({"CaRegistry", "ConfigurationBean"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ReadinessProbes {
    private static final long PROBE_CACHE_MILLIS = 60_000;

    /** The default CA: its current key generation is the one that issues (after a rollover, not the data directory's). */
    @EJB
    CaRegistry cas;
    @EJB
    ConfigurationBean configuration;
    @Inject
    EstMetrics metrics;

    private volatile long probedAt;
    private volatile String probeError;
    private volatile long tlsReadAt;
    private volatile Instant tlsNotAfter;

    @PostConstruct
    void register() {
        Probes.register("ca-key", this::caKey);
        Probes.register("tls-certificate", ReadinessProbes::tlsCertificate);
        Probes.register("configuration", this::configuration);
        // est_certificate_days_left{certificate="ca"|"tls"}, for alerts before readiness turns DOWN
        metrics.registry().gauge("est.certificate.days.left", Tags.of("certificate", "ca"), this,
                p -> daysLeft(p.defaultCa().certificate()));
        metrics.registry().gauge("est.certificate.days.left", Tags.of("certificate", "tls"), this,
                ReadinessProbes::tlsDaysLeft);
    }

    private static double daysLeft(CertificateDer cert) {
        return CertificateExpiry.of(cert.holder().getNotAfter().toInstant(), Instant.now(), 0).daysLeft();
    }

    /** Read from the key store at most every 5 minutes (a PKCS#12 load costs a key derivation). */
    private double tlsDaysLeft() {
        long now = System.currentTimeMillis();
        if (tlsReadAt == 0 || now - tlsReadAt > 300_000) {
            EstEnvironment env = EstEnvironment.fromSystem();
            try {
                tlsNotAfter = KeyStoreFiles.readKeyEntry(env.tlsKeyStore(), CaBootstrap.TLS_ALIAS, env.keystorePassword())
                        .certificate().holder().getNotAfter().toInstant();
            } catch (RuntimeException e) {
                tlsNotAfter = null;
            }
            tlsReadAt = now;
        }
        Instant notAfter = tlsNotAfter;
        return notAfter == null ? Double.NaN : CertificateExpiry.of(notAfter, Instant.now(), 0).daysLeft();
    }

    @PreDestroy
    void unregister() {
        for (String name : new String[] {"ca-key", "tls-certificate", "configuration"}) {
            Probes.unregister(name);
        }
    }

    private IssuingCa defaultCa() {
        return cas.get(org.estgateway.persistence.ca.CaRepository.DEFAULT);
    }

    HealthCheckResponse caKey() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("ca-key");
        String error = probe();
        r.withData("signs", error == null);
        if (error != null) {
            return r.withData("error", error).down().build();
        }
        return expiry(r, defaultCa().certificate()).build();
    }

    static HealthCheckResponse tlsCertificate() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("tls-certificate");
        EstEnvironment env = EstEnvironment.fromSystem();
        r.withData("file", env.tlsKeyStore().toString());
        try {
            return expiry(r, KeyStoreFiles.readKeyEntry(env.tlsKeyStore(), CaBootstrap.TLS_ALIAS,
                    env.keystorePassword()).certificate()).build();
        } catch (RuntimeException e) {
            return r.withData("error", e.toString()).down().build();
        }
    }

    HealthCheckResponse configuration() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("configuration");
        EstConfig config = configuration.config();
        if (config == null) {
            return r.down().withData("error", "est.properties is not loaded").build();
        }
        return r.up().withData("source", String.valueOf(config.source()))
                .withData("sha256", String.valueOf(config.sha256())).withData("handlers", config.handlers().size())
                .build();
    }

    /** Subject, notAfter, daysLeft and minDays; down below the threshold. */
    static HealthCheckResponseBuilder expiry(HealthCheckResponseBuilder r, CertificateDer cert) {
        CertificateExpiry e = CertificateExpiry.of(cert.holder().getNotAfter().toInstant(), Instant.now(),
                CertificateExpiry.minDays(System.getenv()));
        return r.withData("subject", cert.holder().getSubject().toString())
                .withData("notAfter", e.notAfter().toString()).withData("daysLeft", e.daysLeft())
                .withData("minDays", e.minDays()).status(e.ready());
    }

    /** Null when the CA key signed a CRL the CA certificate verifies; else why not. */
    private String probe() {
        long now = System.currentTimeMillis();
        if (probedAt != 0 && now - probedAt < PROBE_CACHE_MILLIS) {
            return probeError;
        }
        String error;
        try {
            Instant t = Instant.now();
            IssuingCa ca = defaultCa();
            byte[] crl = ca.signCrl(List.of(), t, t.plusSeconds(60), 0);
            X509Certificate caCert = new JcaX509CertificateConverter().setProvider(Crypto.BC)
                    .getCertificate(ca.certificate().holder());
            boolean ok = new X509CRLHolder(crl).isSignatureValid(new JcaContentVerifierProviderBuilder()
                    .setProvider(Crypto.BC).build(caCert));
            error = ok ? null : "the CA key's signature does not verify with the CA certificate";
        } catch (Exception e) {
            error = e.toString();
        }
        probeError = error;
        probedAt = now;
        return error;
    }
}
