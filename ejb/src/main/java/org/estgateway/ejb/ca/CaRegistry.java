// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Instant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.bouncycastle.asn1.x500.X500Name;
import org.estgateway.ejb.config.ConfigurationBean;
import org.estgateway.ejb.config.EstEnvironment;
import org.estgateway.ejb.config.KeyType;
import org.estgateway.ejb.error.ServiceUnavailable;
import org.estgateway.ejb.node.NodeName;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.persistence.ca.CaGenerationRepository;
import org.estgateway.persistence.ca.CaRepository;

/**
 * The CAs of the gateway by name (table ca): 'default' (the data directory's CA, {@link CaSigner}) first, then
 * every ACTIVE named CA, each loaded once through {@link CaKeyLoader}. At start it creates the CAs est.properties
 * declares ({@code ca.<name>.create}) that the database lacks (once across nodes) and refuses a configuration
 * whose procedures name a CA that does not exist. Other nodes pick up a CA created through the admin API within a
 * minute ({@link #poll()}); the node that created it at once, after its transaction commits. A rolled CA (V13,
 * table ca_generation) issues from its current key generation and keeps its previous generations for their CRLs;
 * this applies to 'default' too once it is rolled. Reads are lock-free.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "CaSigner", "CaRegistration", "ConfigurationBean"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class CaRegistry {
    private static final Logger LOG = Logger.getLogger(CaRegistry.class.getName());

    @EJB
    CaSigner signer;
    @EJB
    ConfigurationBean configuration;
    @Inject
    CaRepository cas;
    @Inject
    CaGenerationRepository generations;
    @Resource
    TransactionSynchronizationRegistry tsr;

    private volatile Map<String, IssuingCa> active = Map.of();
    /** When a CA was last published by this node (System.nanoTime): a reload that read table ca before keeps it. */
    private final Map<String, Long> publishedAt = new java.util.concurrent.ConcurrentHashMap<>();
    /** Subordinate CAs whose chain is not imported yet: procedures may name them; enrolling on them answers 503. */
    private volatile java.util.Set<String> pending = java.util.Set.of();

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    void start() {
        EstEnvironment env = EstEnvironment.fromSystem();
        Map<String, KeyType> declared = configuration.config().createdCas();
        if (!declared.isEmpty()) {
            cas.lockForCreation();
            List<String> existing = cas.all().stream().map(CaRepository.CaRow::name).toList();
            declared.forEach((name, type) -> {
                if (existing.contains(name)) {
                    return;
                }
                if (configuration.config().subordinateCas().contains(name)) {
                    createPending(env, name, type, Optional.empty());
                    LOG.info(() -> "CA '" + name + "' created PENDING (" + type + ", ca." + name + ".subordinate in "
                            + "est.properties): GET /api/v1/cas/" + name + "/csr, then POST its signed chain");
                } else {
                    add(create(env, name, type));
                    LOG.info(() -> "CA '" + name + "' created (" + type + ", ca." + name + ".create in est.properties)");
                }
            });
        }
        reload(env);
        List<String> unknown = configuration.config().caNames().stream()
                .filter(n -> !active.containsKey(n) && !pending.contains(n)).toList();
        if (!unknown.isEmpty()) {
            String line = configuration.config().source() + ": procedure.<id>.ca names " + unknown
                    + ", not an active CA of this gateway (known: " + active.keySet() + "); create it through "
                    + "POST /api/v1/cas or ca.<name>.create in est.properties";
            LOG.severe(line);
            throw new IllegalStateException(line);
        }
    }

    /** A new self-signed CA written to its PKCS#12 file and table ca (the caller holds the creation lock). */
    private IssuingCa create(EstEnvironment env, String name, KeyType type) {
        KeyStoreFiles.KeyEntry entry = CaFactory.generate(name, type, Optional.empty());
        return store(env, name, entry);
    }

    /**
     * Writes the CA's key store into the data directory and its row into table ca (in the caller's transaction);
     * returns it loaded. The file is removed again when the row cannot be added or the transaction rolls back.
     */
    public IssuingCa store(EstEnvironment env, String name, KeyStoreFiles.KeyEntry entry) {
        String location = CaKeyLoader.pkcs12Location(name);
        Path file = CaKeyLoader.pkcs12File(env.dataDir(), location);
        KeyStoreFiles.writeKeyEntry(file, CaBootstrap.CA_ALIAS, entry, env.keystorePassword());
        removeUnlessCommitted(file);
        CertificateDer cert = entry.certificate();
        String chainPem = entry.chain().size() > 1 ? String.join("", entry.chain().subList(1, entry.chain().size())
                .stream().map(CertificateDer::pem).toList()) : null;
        boolean added = cas.add(new CaRepository.CaRow(name, "ACTIVE", location, CaFactory.algorithm(cert),
                cert.holder().getSubject().toString(), cert.sha256().hex(), cert.der(), chainPem, NodeName.current().value(),
                null));
        if (!added) {
            AfterCompletion.deleteQuietly(file);
            throw new org.estgateway.ejb.error.Conflict("a CA named '" + name + "' or with this certificate exists already");
        }
        return issuing(env, name, location, entry);
    }

    /**
     * A PENDING subordinate CA (the caller holds the creation lock): a new key in its PKCS#12 file (with a placeholder
     * self-signed certificate, as a key entry needs one; never published) and a row without certificate. Returns
     * the key entry (for the PKCS#10 request). The file is removed again when the row cannot be added or the
     * transaction rolls back; the CA is pending on this node once the transaction commits.
     */
    public KeyStoreFiles.KeyEntry createPending(EstEnvironment env, String name, KeyType type, Optional<String> subject) {
        KeyStoreFiles.KeyEntry entry = CaFactory.generate(name, type, subject);
        String location = CaKeyLoader.pkcs12Location(name);
        Path file = CaKeyLoader.pkcs12File(env.dataDir(), location);
        KeyStoreFiles.writeKeyEntry(file, CaBootstrap.CA_ALIAS, entry, env.keystorePassword());
        removeUnlessCommitted(file);
        if (!cas.addPending(name, location, CaFactory.algorithm(entry.certificate()),
                entry.certificate().holder().getSubject().toString(), NodeName.current().value())) {
            AfterCompletion.deleteQuietly(file);
            throw new org.estgateway.ejb.error.Conflict("a CA named '" + name + "' exists already");
        }
        AfterCompletion.onCommit(tsr, () -> {
            synchronized (this) {
                java.util.Set<String> next = new java.util.TreeSet<>(pending);
                next.add(name);
                pending = java.util.Set.copyOf(next);
            }
        });
        return entry;
    }

    /** The key entry of a CA from its key location (a pending CA: the key with its placeholder certificate). */
    public KeyStoreFiles.KeyEntry key(EstEnvironment env, String name, String location) {
        return CaKeyLoader.load(name, location, env.dataDir(), env.keystorePassword());
    }

    /**
     * A pending CA activated on this node (its row is ACTIVE in the caller's transaction): issues here once the
     * transaction commits.
     */
    public IssuingCa activated(EstEnvironment env, String name, String location, KeyStoreFiles.KeyEntry key,
            List<CertificateDer> chain) {
        IssuingCa ca = issuing(env, name, location, new KeyStoreFiles.KeyEntry(key.key(), chain));
        AfterCompletion.onCommit(tsr, () -> {
            synchronized (this) {
                add(ca);
                java.util.Set<String> next = new java.util.TreeSet<>(pending);
                next.remove(name);
                pending = java.util.Set.copyOf(next);
            }
        });
        return ca;
    }

    /** A key file written for the caller's transaction: removed unless it commits (no file of a refused request). */
    public void removeUnlessCommitted(Path file) {
        AfterCompletion.removeUnlessCommitted(tsr, file);
    }

    /**
     * Makes a CA this node created, activated or rolled usable here once the caller's transaction commits (other
     * nodes: {@link #poll()}); a rollback leaves this node's registry as it was.
     */
    public void publishAfterCommit(IssuingCa ca) {
        AfterCompletion.onCommit(tsr, () -> add(ca));
    }

    private synchronized void add(IssuingCa ca) {
        Map<String, IssuingCa> next = new LinkedHashMap<>(active);
        next.put(ca.name(), ca);
        active = Map.copyOf(next);
        ordered = orderedOf(next);
        publishedAt.put(ca.name(), System.nanoTime());
    }

    private volatile List<IssuingCa> ordered = List.of();

    /** Every minute: named CAs other nodes created. */
    @Schedule(minute = "*", hour = "*", persistent = false)
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    void poll() {
        try {
            reload(EstEnvironment.fromSystem());
        } catch (RuntimeException e) {
            LOG.warning(() -> "CA registry not refreshed: " + e.getMessage());
        }
    }

    private void reload(EstEnvironment env) {
        long started = System.nanoTime();
        Instant now = Instant.now();
        Map<String, IssuingCa> next = new LinkedHashMap<>();
        next.put(CaRepository.DEFAULT, signer.asIssuingCa());
        java.util.Set<String> nextPending = new java.util.TreeSet<>();
        Map<String, List<CaGenerationRepository.Generation>> rolled = new java.util.HashMap<>();
        generations.all().forEach(g -> rolled.computeIfAbsent(g.ca(), k -> new ArrayList<>()).add(g));
        for (CaRepository.CaRow row : cas.all()) {
            if (row.status().equals("PENDING")) {
                nextPending.add(row.name());
            }
            if (!row.status().equals("ACTIVE")) {
                continue;
            }
            List<CaGenerationRepository.Generation> gens = rolled.getOrDefault(row.name(), List.of());
            boolean hasGenerations = gens.stream().anyMatch(g -> g.state().equals(CaGenerationRepository.CURRENT));
            if (row.name().equals(CaRepository.DEFAULT) && !hasGenerations) {
                continue; // the data directory's CA, as CaSigner loaded it
            }
            String state = hasGenerations ? GenerationLoader.state(row, gens, now) : String.valueOf(row.sha256());
            IssuingCa known = active.get(row.name());
            if (known != null && known.loadedState().equalsIgnoreCase(state)) {
                next.put(row.name(), known);
                continue;
            }
            if (hasGenerations) {
                IssuingCa ca = loadRolled(env, row, gens);
                next.put(row.name(), ca);
                LOG.info(() -> "CA '" + row.name() + "' loaded at key generation " + ca.generation() + ": SHA-256 "
                        + row.sha256() + ", " + ca.previous().size() + " previous generation(s)");
                continue;
            }
            KeyStoreFiles.KeyEntry entry = CaKeyLoader.load(row.name(), row.keyLocation(), env.dataDir(), env.keystorePassword());
            // The certificate is table ca's (a subordinate CA's file keeps its placeholder); the file holds its key.
            CertificateDer certificate = CertificateDer.parse(row.der());
            if (!java.util.Arrays.equals(entry.certificate().x509().getPublicKey().getEncoded(),
                    certificate.x509().getPublicKey().getEncoded())) {
                throw new IllegalStateException("CA '" + row.name() + "': the key store at " + row.keyLocation()
                        + " holds another key than the certificate of table ca (SHA-256 " + row.sha256() + ")");
            }
            List<CertificateDer> chain = new ArrayList<>(List.of(certificate));
            if (row.chainPem() != null) {
                chain.addAll(Pem.certificates(row.chainPem()));
            }
            next.put(row.name(), issuing(env, row.name(), row.keyLocation(), new KeyStoreFiles.KeyEntry(entry.key(), chain)));
            LOG.info(() -> "CA '" + row.name() + "' loaded: " + entry.certificate().holder().getSubject() + ", SHA-256 "
                    + row.sha256());
        }
        synchronized (this) {
            // a CA this node published after the rows above were read is newer than what they say
            publishedAt.forEach((name, at) -> {
                if (at - started > 0 && active.containsKey(name)) {
                    next.put(name, active.get(name));
                    nextPending.remove(name);
                }
            });
            active = Map.copyOf(next);
            ordered = orderedOf(next);
            pending = java.util.Set.copyOf(nextPending);
        }
    }

    /** A CA with rows in ca_generation (V13), loaded from them: its current key issues, previous ones sign CRLs. */
    public IssuingCa loadRolled(EstEnvironment env, CaRepository.CaRow row, List<CaGenerationRepository.Generation> gens) {
        return GenerationLoader.load(row, gens, (location, cert) -> open(env, row.name(), location, cert), env.crlUrl(),
                Instant.now());
    }

    /**
     * The issuer signing with one key generation of a CA: the data directory's key (CaSigner) when it is that
     * generation's, else the key at {@code location} through {@link CaKeyLoader}, checked against the certificate.
     */
    public CertificateIssuer open(EstEnvironment env, String name, String location, CertificateDer certificate) {
        if (name.equals(CaRepository.DEFAULT) && signer.caCertificate().equals(certificate)) {
            return signer.asIssuingCa().issuer();
        }
        KeyStoreFiles.KeyEntry entry = CaKeyLoader.load(name, location, env.dataDir(), env.keystorePassword());
        if (!java.util.Arrays.equals(entry.certificate().x509().getPublicKey().getEncoded(),
                certificate.x509().getPublicKey().getEncoded())) {
            throw new IllegalStateException("CA '" + name + "': the key store at " + location + " holds another key "
                    + "than its certificate (SHA-256 " + certificate.sha256().hex() + ")");
        }
        return CertificateIssuer.of(entry.key(), certificate);
    }

    private static List<IssuingCa> orderedOf(Map<String, IssuingCa> map) {
        List<IssuingCa> list = new ArrayList<>();
        Optional.ofNullable(map.get(CaRepository.DEFAULT)).ifPresent(list::add);
        map.values().stream().filter(c -> !c.name().equals(CaRepository.DEFAULT))
                .sorted(java.util.Comparator.comparing(IssuingCa::name)).forEach(list::add);
        return List.copyOf(list);
    }

    private static IssuingCa issuing(EstEnvironment env, String name, String location, KeyStoreFiles.KeyEntry entry) {
        CertificateIssuer issuer = CertificateIssuer.of(entry.key(), entry.certificate())
                .withCrlDistributionPoint(crlUrl(env, name));
        return new IssuingCa(name, location, issuer, entry.chain());
    }

    /** Generation 1's CRL: /crl for the default CA, /crl/&lt;name&gt; for the others (later generations: +/&lt;n&gt;). */
    public static String crlUrl(EstEnvironment env, String name) {
        return org.estgateway.ejb.ca.rollover.Generations.crlUrl(env.crlUrl(), name, name.equals(CaRepository.DEFAULT),
                org.estgateway.ejb.ca.rollover.Generations.FIRST);
    }

    /** The CA a procedure issues from (validated at start, so it exists). */
    public IssuingCa get(String name) {
        IssuingCa ca = active.get(name);
        if (ca == null && pending.contains(name)) {
            throw new ServiceUnavailable("CA '" + name + "' is pending: its signed certificate chain has not been "
                    + "imported yet (POST /api/v1/cas/" + name + "/chain)");
        }
        if (ca == null) {
            throw new ServiceUnavailable("CA '" + name + "' is not loaded on this node (activated on another node "
                    + "less than a minute ago?)");
        }
        return ca;
    }

    public Optional<IssuingCa> find(String name) {
        return Optional.ofNullable(active.get(name));
    }

    /** Every active CA, the default first. */
    public List<IssuingCa> all() {
        return ordered;
    }

    /** The active CAs whose certificate's subject is {@code issuer} (TLS client authentication, re-enrollment). */
    public List<IssuingCa> byIssuer(X500Name issuer) {
        return ordered.stream().filter(c -> c.certificate().holder().getSubject().equals(issuer)).toList();
    }
}
