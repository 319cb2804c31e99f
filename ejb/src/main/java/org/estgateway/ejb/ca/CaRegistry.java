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
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.bouncycastle.asn1.x500.X500Name;
import org.estgateway.ejb.ca.key.CaKey;
import org.estgateway.ejb.ca.key.CaKeyException;
import org.estgateway.ejb.ca.key.CaKeyLocation;
import org.estgateway.ejb.ca.key.CaKeys;
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
 * this applies to 'default' too once it is rolled. A RETIRED CA issues no more but keeps signing its CRLs.
 * Reads are lock-free.
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
    /**
     * RETIRED CAs: they issue no more (enrolling on a label naming one answers 503), but their key stays loaded to
     * sign their CRL, and the certificates they issued still authenticate ({@link #byIssuer}) until they expire or
     * are revoked, so that devices can re-enroll on a label of another CA (docs/OPERATIONS.md "Retiring a CA").
     */
    private volatile Map<String, IssuingCa> retired = Map.of();

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    void start() {
        EstEnvironment env = EstEnvironment.fromSystem();
        Map<String, KeyType> declared = configuration.config().createdCas();
        if (!declared.isEmpty()) {
            cas.lockForCreation();
            List<String> existing = cas.all().stream().map(CaRepository.CaRow::name).toList();
            declared.forEach((name, type) -> {
                if (!existing.contains(name)) {
                    failingNamed(name, () -> createDeclared(env, name, type));
                }
            });
        }
        failingNamed(null, () -> reload(env));
        configuration.config().caNames().stream().filter(retired::containsKey).forEach(n -> LOG.warning(() -> "CA '" + n
                + "' is RETIRED but a procedure of " + configuration.config().source() + " names it: its labels answer "
                + "503 until the procedure names another CA"));
        List<String> unknown = configuration.config().caNames().stream()
                .filter(n -> !active.containsKey(n) && !pending.contains(n) && !retired.containsKey(n)).toList();
        if (!unknown.isEmpty()) {
            String line = configuration.config().source() + ": procedure.<id>.ca names " + unknown
                    + ", not an active CA of this gateway (known: " + active.keySet() + "); create it through "
                    + "POST /api/v1/cas or ca.<name>.create in est.properties";
            LOG.severe(line);
            throw new IllegalStateException(line);
        }
    }

    /** A CA est.properties declares (ca.&lt;name&gt;.create, .subordinate, .key); the caller holds the creation lock. */
    private void createDeclared(EstEnvironment env, String name, KeyType type) {
        Optional<CaKeyLocation.Pkcs11Token> token = Optional.ofNullable(configuration.config().caKeyLocations().get(name))
                .map(text -> (CaKeyLocation.Pkcs11Token) CaKeyLoader.location(text, env.dataDir(), System.getenv()));
        String where = token.map(t -> ", key in " + t.describe()).orElse("");
        if (configuration.config().subordinateCas().contains(name)) {
            createPending(env, name, type, Optional.empty(), token);
            LOG.info(() -> "CA '" + name + "' created PENDING (" + type + where + ", ca." + name + ".subordinate in "
                    + "est.properties): GET /api/v1/cas/" + name + "/csr, then POST its signed chain");
        } else if (token.isPresent()) {
            TokenCaKeys.Created created = TokenCaKeys.selfSigned(name, token.get(), Optional.of(type),
                    TokenCaKeys.Existing.EITHER, Optional.empty());
            add(storeInToken(env, name, created));
            LOG.info(() -> "CA '" + name + "' " + (created.generated() ? "created" : "created with the key found") + " ("
                    + type + where + ", ca." + name + ".create in est.properties)");
        } else {
            add(create(env, name, type));
            LOG.info(() -> "CA '" + name + "' created (" + type + ", ca." + name + ".create in est.properties)");
        }
    }

    /** Runs a start step; a failure stops the deployment with one line naming the CA (when known) and the cause. */
    private static void failingNamed(String name, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            String cause = e.getMessage() == null ? e.toString() : e.getMessage();
            String line = name == null || cause.startsWith("CA '" + name + "'") ? cause : "CA '" + name + "': " + cause;
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
        return register(env, name, location, new CaKey(entry.key(), null, entry.chain()),
                () -> AfterCompletion.deleteQuietly(file));
    }

    /** Records a CA whose key is in a token (in the caller's transaction); a key generated for it is removed when the row cannot be added. */
    public IssuingCa storeInToken(EstEnvironment env, String name, TokenCaKeys.Created created) {
        return register(env, name, created.location().text(), created.key(), () -> TokenCaKeys.discard(created));
    }

    private IssuingCa register(EstEnvironment env, String name, String location, CaKey key, Runnable undo) {
        CertificateDer cert = key.certificate();
        String chainPem = key.chain().size() > 1 ? String.join("", key.chain().subList(1, key.chain().size())
                .stream().map(CertificateDer::pem).toList()) : null;
        boolean added = cas.add(new CaRepository.CaRow(name, "ACTIVE", location, CaFactory.algorithm(cert),
                cert.holder().getSubject().toString(), cert.sha256().hex(), cert.der(), chainPem, NodeName.current().value(),
                null));
        if (!added) {
            undo.run();
            throw new org.estgateway.ejb.error.Conflict("a CA named '" + name + "' or with this certificate exists already");
        }
        return issuing(env, name, location, key);
    }

    /**
     * A PENDING subordinate CA (the caller holds the creation lock): a new key in its PKCS#12 file or in a token
     * (with a placeholder self-signed certificate, as a key entry needs one; never published) and a row without
     * certificate. Returns the key (for the PKCS#10 request). The file or token key is removed again when the row
     * cannot be added (the file also when the transaction rolls back); the CA is pending on this node once the
     * transaction commits.
     */
    public CaKey createPending(EstEnvironment env, String name, KeyType type, Optional<String> subject,
            Optional<CaKeyLocation.Pkcs11Token> token) {
        String location;
        CaKey key;
        Runnable undo;
        if (token.isPresent()) {
            TokenCaKeys.Created created = TokenCaKeys.pending(name, token.get(), type, subject);
            location = token.get().text();
            key = created.key();
            undo = () -> TokenCaKeys.discard(created);
        } else {
            KeyStoreFiles.KeyEntry entry = CaFactory.generate(name, type, subject);
            location = CaKeyLoader.pkcs12Location(name);
            Path file = CaKeyLoader.pkcs12File(env.dataDir(), location);
            KeyStoreFiles.writeKeyEntry(file, CaBootstrap.CA_ALIAS, entry, env.keystorePassword());
            removeUnlessCommitted(file);
            key = new CaKey(entry.key(), null, entry.chain());
            undo = () -> AfterCompletion.deleteQuietly(file);
        }
        if (!cas.addPending(name, location, CaFactory.algorithm(key.certificate()),
                key.certificate().holder().getSubject().toString(), NodeName.current().value())) {
            undo.run();
            throw new org.estgateway.ejb.error.Conflict("a CA named '" + name + "' exists already");
        }
        AfterCompletion.onCommit(tsr, () -> {
            synchronized (this) {
                java.util.Set<String> next = new java.util.TreeSet<>(pending);
                next.add(name);
                pending = java.util.Set.copyOf(next);
            }
        });
        return key;
    }

    /** The key of a CA from its key location (a pending CA: the key with its placeholder certificate). */
    public CaKey key(EstEnvironment env, String name, String location) {
        return CaKeyLoader.load(name, location, env.dataDir(), env.keystorePassword());
    }

    /**
     * A pending CA activated on this node (its row is ACTIVE in the caller's transaction): issues here once the
     * transaction commits.
     */
    public IssuingCa activated(EstEnvironment env, String name, String location, CaKey key, List<CertificateDer> chain) {
        IssuingCa ca = issuing(env, name, location, new CaKey(key.key(), key.provider(), chain));
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

    /** Undoes an outside change (a key generated in a token) unless the caller's transaction commits. */
    public void undoUnlessCommitted(Runnable undo) {
        AfterCompletion.unlessCommitted(tsr, undo);
    }

    /**
     * Makes a CA this node created, activated or rolled usable here once the caller's transaction commits (other
     * nodes: {@link #poll()}); a rollback leaves this node's registry as it was.
     */
    public void publishAfterCommit(IssuingCa ca) {
        AfterCompletion.onCommit(tsr, () -> add(ca));
    }

    synchronized void add(IssuingCa ca) {
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
        Map<String, IssuingCa> nextRetired = new LinkedHashMap<>();
        Map<String, List<CaGenerationRepository.Generation>> rolled = new java.util.HashMap<>();
        generations.all().forEach(g -> rolled.computeIfAbsent(g.ca(), k -> new ArrayList<>()).add(g));
        for (CaRepository.CaRow row : cas.all()) {
            if (row.status().equals("PENDING")) {
                nextPending.add(row.name());
                continue;
            }
            boolean isRetired = row.status().equals("RETIRED");
            if (!isRetired && !row.status().equals("ACTIVE")) {
                continue;
            }
            List<CaGenerationRepository.Generation> gens = rolled.getOrDefault(row.name(), List.of());
            boolean hasGenerations = gens.stream().anyMatch(g -> g.state().equals(CaGenerationRepository.CURRENT));
            if (row.name().equals(CaRepository.DEFAULT) && !hasGenerations) {
                continue; // the data directory's CA, as CaSigner loaded it
            }
            (isRetired ? nextRetired : next).put(row.name(), loaded(env, row, gens, hasGenerations, now));
        }
        synchronized (this) {
            // a CA this node published after the rows above were read is newer than what they say
            publishedAt.forEach((name, at) -> {
                if (at - started > 0 && active.containsKey(name)) {
                    next.put(name, active.get(name));
                    nextPending.remove(name);
                    nextRetired.remove(name);
                }
            });
            active = Map.copyOf(next);
            ordered = orderedOf(next);
            pending = java.util.Set.copyOf(nextPending);
            retired = Map.copyOf(nextRetired);
        }
    }

    /**
     * The CA of a row: the instance loaded before when its state (certificate, generations) is unchanged, else loaded
     * from its key generations (a rolled CA) or its key location.
     */
    private IssuingCa loaded(EstEnvironment env, CaRepository.CaRow row, List<CaGenerationRepository.Generation> gens,
            boolean hasGenerations, Instant now) {
        String state = hasGenerations ? GenerationLoader.state(row, gens, now) : String.valueOf(row.sha256());
        IssuingCa known = Optional.ofNullable(active.get(row.name())).orElse(retired.get(row.name()));
        if (known != null && known.loadedState().equalsIgnoreCase(state)) {
            return known;
        }
        if (hasGenerations) {
            IssuingCa ca = loadRolled(env, row, gens);
            LOG.info(() -> "CA '" + row.name() + "' loaded at key generation " + ca.generation() + ": SHA-256 "
                    + row.sha256() + ", " + ca.previous().size() + " previous generation(s)");
            return ca;
        }
        // The certificate is table ca's (a subordinate CA's file or token keeps its placeholder); the location holds
        // its key, checked by one test signature (a token's private key has no encoding to compare).
        List<CertificateDer> chain = new ArrayList<>(List.of(CertificateDer.parse(row.der())));
        if (row.chainPem() != null) {
            chain.addAll(Pem.certificates(row.chainPem()));
        }
        CaKey key = checkedKey(env, row.name(), row.keyLocation(), chain);
        LOG.info(() -> "CA '" + row.name() + "' loaded: " + key.certificate().holder().getSubject() + ", SHA-256 "
                + row.sha256() + (key.inToken() ? ", key in a PKCS#11 token" : ""));
        return issuing(env, row.name(), row.keyLocation(), key);
    }

    /** The key at {@code location} with {@code chain}, proven to be the chain's first certificate's by a test signature. */
    private static CaKey checkedKey(EstEnvironment env, String name, String location, List<CertificateDer> chain) {
        CaKey stored = CaKeyLoader.load(name, location, env.dataDir(), env.keystorePassword());
        CaKey key = new CaKey(stored.key(), stored.provider(), chain);
        try {
            CaKeys.requireMatch(key, location);
        } catch (CaKeyException e) {
            throw new CaKeyException("CA '" + name + "': " + e.getMessage() + " (the certificate with SHA-256 "
                    + chain.get(0).sha256().hex() + ")");
        }
        return key;
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
        return CertificateIssuer.of(checkedKey(env, name, location, List.of(certificate)));
    }

    private static List<IssuingCa> orderedOf(Map<String, IssuingCa> map) {
        List<IssuingCa> list = new ArrayList<>();
        Optional.ofNullable(map.get(CaRepository.DEFAULT)).ifPresent(list::add);
        map.values().stream().filter(c -> !c.name().equals(CaRepository.DEFAULT))
                .sorted(java.util.Comparator.comparing(IssuingCa::name)).forEach(list::add);
        return List.copyOf(list);
    }

    private static IssuingCa issuing(EstEnvironment env, String name, String location, CaKey key) {
        CertificateIssuer issuer = CertificateIssuer.of(key).withCrlDistributionPoint(crlUrl(env, name));
        return new IssuingCa(name, location, issuer, key.chain());
    }

    /** Generation 1's CRL: /crl for the default CA, /crl/&lt;name&gt; for the others (later generations: +/&lt;n&gt;). */
    public static String crlUrl(EstEnvironment env, String name) {
        return org.estgateway.ejb.ca.rollover.Generations.crlUrl(env.crlUrl(), name, name.equals(CaRepository.DEFAULT),
                org.estgateway.ejb.ca.rollover.Generations.FIRST);
    }

    /** The CA a procedure issues from (validated at start, so it exists). */
    public IssuingCa get(String name) {
        IssuingCa ca = active.get(name);
        if (ca == null && retired.containsKey(name)) {
            throw new ServiceUnavailable("CA '" + name + "' is retired: it issues no more (its procedure must name "
                    + "another CA)");
        }
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

    /**
     * The active and retired CAs whose certificate's subject is {@code issuer} (TLS client authentication,
     * re-enrollment): a retired CA's certificates still authenticate until they expire or are revoked.
     */
    public List<IssuingCa> byIssuer(X500Name issuer) {
        return java.util.stream.Stream.concat(ordered.stream(), retired.values().stream())
                .filter(c -> c.certificate().holder().getSubject().equals(issuer)).toList();
    }

    /** The CA whose CRL is published at /crl/&lt;name&gt; and signed with its key: an active or a retired one. */
    public Optional<IssuingCa> crlIssuer(String name) {
        return Optional.ofNullable(active.get(name)).or(() -> Optional.ofNullable(retired.get(name)));
    }

    /** A CA retired on this node (its row is RETIRED, committed): issues no more here at once (other nodes: {@link #poll()}). */
    public synchronized void retired(String name) {
        IssuingCa ca = active.get(name);
        if (ca == null) {
            return;
        }
        Map<String, IssuingCa> nextRetired = new LinkedHashMap<>(retired);
        nextRetired.put(name, ca);
        retired = Map.copyOf(nextRetired);
        Map<String, IssuingCa> next = new LinkedHashMap<>(active);
        next.remove(name);
        active = Map.copyOf(next);
        ordered = orderedOf(next);
    }

    /** A PENDING CA deleted on this node (its row is gone, committed). */
    public synchronized void deleted(String name) {
        java.util.Set<String> next = new java.util.TreeSet<>(pending);
        next.remove(name);
        pending = java.util.Set.copyOf(next);
    }
}
