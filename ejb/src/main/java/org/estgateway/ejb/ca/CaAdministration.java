// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.estgateway.ejb.audit.AuditService;
import org.estgateway.ejb.ca.key.CaKey;
import org.estgateway.ejb.ca.key.CaKeyException;
import org.estgateway.ejb.ca.key.CaKeyLocation;
import org.estgateway.ejb.config.EstEnvironment;
import org.estgateway.ejb.config.KeyType;
import org.estgateway.ejb.error.Conflict;
import org.estgateway.ejb.error.MalformedRequest;
import org.estgateway.ejb.error.NotFound;
import org.estgateway.ejb.factory.ClientCaNamesPublisher;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.persistence.audit.AuditEvent;
import org.estgateway.ejb.ca.rollover.CaRollover;
import org.estgateway.persistence.ca.CaGenerationRepository;
import org.estgateway.persistence.ca.CaRepository;

/**
 * The admin API's CAs ({@code /api/v1/cas}): list, create (a generated key in a PKCS#12 file of the data directory
 * and a self-signed certificate) and import (a PKCS#12 file whose key and chain match). A CA key never leaves the
 * gateway. A refused request changes nothing (no file, no row) and is audited; a created CA issues on this node at
 * once and on the other nodes within a minute (CaRegistry polls table ca).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class CaAdministration {
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    /** A PKCS#12 upload: far more than a key and a chain of a few certificates need. */
    static final int MAX_PKCS12_BYTES = 64 * 1024;

    @Inject
    CaRepository cas;
    @Inject
    CaGenerationRepository generations;
    @EJB
    CaRegistry registry;
    @Inject
    AuditService audit;
    @EJB
    ClientCaNamesPublisher caNames;

    public record CaView(String name, String status, String keyLocationKind, String keyLocation, String algorithm,
            String subject, String sha256, String notBefore, String notAfter, Long daysToExpiry, boolean subordinate,
            boolean loadedHere, String registeredBy, String registeredAt, int generation,
            CaRollover.GenerationView nextKey, List<CaRollover.GenerationView> previousGenerations) {
        /** The view of a CA this request publishes to the node's registry when it commits (before the answer). */
        CaView published() {
            return new CaView(name, status, keyLocationKind, keyLocation, algorithm, subject, sha256, notBefore, notAfter,
                    daysToExpiry, subordinate, true, registeredBy, registeredAt, generation, nextKey, previousGenerations);
        }
    }

    /** Every CA with its key generation, its next key (if any) and its previous generations (RFC 7030 §4.1.3). */
    public List<CaView> list() {
        Instant now = Instant.now();
        java.util.Map<String, List<CaRollover.GenerationView>> rolled = new java.util.HashMap<>();
        generations.all().forEach(g -> rolled.computeIfAbsent(g.ca(), k -> new java.util.ArrayList<>()).add(CaRollover.view(g)));
        return cas.all().stream().map(r -> {
            List<CaRollover.GenerationView> gens = rolled.getOrDefault(r.name(), List.of());
            Optional<CertificateDer> cert = Optional.ofNullable(r.der()).map(CertificateDer::parse);
            return new CaView(r.name(), r.status(), CaKeyLoader.kind(r.keyLocation()), r.keyLocation(),
                    Optional.ofNullable(r.keyAlgorithm()).orElseGet(() -> cert.map(CaFactory::algorithm).orElse(null)),
                    r.subjectDn(), r.sha256(),
                    cert.map(c -> c.holder().getNotBefore().toInstant().toString()).orElse(null),
                    cert.map(c -> c.holder().getNotAfter().toInstant().toString()).orElse(null),
                    cert.map(c -> Duration.between(now, c.holder().getNotAfter().toInstant()).toDays()).orElse(null),
                    r.chainPem() != null, registry.find(r.name()).isPresent(), r.registeredBy(),
                    r.registeredAt().toString(), r.generation(),
                    gens.stream().filter(g -> g.state().equals(CaGenerationRepository.NEXT)).findFirst().orElse(null),
                    gens.stream().filter(g -> g.state().equals(CaGenerationRepository.PREVIOUS)).toList());
        }).toList();
    }

    /** A new CA with a key generated here. */
    public CaView create(String name, String keyType, String subject, String actor) {
        try {
            checkName(name);
            KeyType type;
            try {
                type = KeyType.parse(keyType == null ? "ec-p256" : keyType);
            } catch (IllegalArgumentException e) {
                throw new MalformedRequest("keyType must be ec-p256 or rsa-3072");
            }
            KeyStoreFiles.KeyEntry entry;
            try {
                entry = CaFactory.generate(name, type, Optional.ofNullable(subject).filter(s -> !s.isBlank()));
            } catch (CaFactory.CaRefused e) {
                throw new MalformedRequest(e.getMessage());
            }
            return stored(name, entry, "CA_CREATED", actor, type.toString());
        } catch (MalformedRequest | Conflict e) {
            refused("CA_CREATED", name, actor, e.getMessage());
            throw e;
        }
    }

    /**
     * A CA whose key is in a PKCS#11 token ({@code keyLocation} 'pkcs11:...', PIN by reference only): the key with
     * that label is generated in the token when absent, or used with the certificate stored with it when present;
     * {@code existingKey} true/false demands one or the other. Every check (location, PIN, token, label, type,
     * subject, name) runs before a key is generated; a refusal leaves no key, row or file.
     */
    public CaView createInToken(String name, String keyLocation, String keyType, Boolean existingKey, String subject,
            String actor) {
        try {
            checkName(name);
            Optional<KeyType> type = Optional.ofNullable(keyType).map(CaAdministration::keyType);
            Optional<String> dn = Optional.ofNullable(subject).filter(s -> !s.isBlank());
            CaKeyLocation.Pkcs11Token token = tokenLocation(keyLocation);
            refusedAsBadRequest(() -> CaFactory.subject(name, dn));
            return stored(name, env -> {
                TokenCaKeys.Created created = refusedAsBadRequest(() -> TokenCaKeys.selfSigned(name, token, type,
                        TokenCaKeys.Existing.of(existingKey), dn));
                if (cas.all().stream().anyMatch(r -> created.key().certificate().sha256().hex().equalsIgnoreCase(r.sha256()))) {
                    TokenCaKeys.discard(created);
                    throw new Conflict("the certificate stored with " + token.describe() + " is another CA's already");
                }
                return registry.storeInToken(env, name, created);
            }, "CA_CREATED", actor, "key in " + token.describe());
        } catch (MalformedRequest | Conflict e) {
            refused("CA_CREATED", name, actor, e.getMessage());
            throw e;
        }
    }

    /** The pkcs11 location of a request, its PIN reference resolved (nothing touches the token yet). */
    private static CaKeyLocation.Pkcs11Token tokenLocation(String keyLocation) {
        if (keyLocation == null || !keyLocation.strip().startsWith(CaKeyLoader.PKCS11)) {
            throw new MalformedRequest("keyLocation: expected pkcs11:library=...;token=...|slot=...;key=...[;pin-file=...|"
                    + "pin-env=...] (a CA with a PKCS#12 key is created without keyLocation)");
        }
        try {
            return (CaKeyLocation.Pkcs11Token) CaKeyLoader.location(keyLocation.strip(),
                    EstEnvironment.fromSystem().dataDir(), System.getenv());
        } catch (IllegalArgumentException e) {
            throw new MalformedRequest("keyLocation: " + e.getMessage());
        }
    }

    /** A refused input or a token that says no (library, PIN, token, label, key type) is the request's fault: 400. */
    private static <T> T refusedAsBadRequest(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (CaFactory.CaRefused | CaKeyException e) {
            throw new MalformedRequest(e.getMessage());
        }
    }

    /** A CA whose key and chain come from a PKCS#12 file (base64); the password is used once, never stored. */
    public CaView importPkcs12(String name, String pkcs12Base64, String password, String actor) {
        try {
            checkName(name);
            if (pkcs12Base64 == null || password == null) {
                throw new MalformedRequest("pkcs12 (base64) and password are required");
            }
            byte[] p12;
            try {
                p12 = Base64.getMimeDecoder().decode(pkcs12Base64);
            } catch (IllegalArgumentException e) {
                throw new MalformedRequest("pkcs12: not base64");
            }
            if (p12.length == 0 || p12.length > MAX_PKCS12_BYTES) {
                throw new MalformedRequest("pkcs12: empty or larger than " + MAX_PKCS12_BYTES + " bytes");
            }
            KeyStoreFiles.KeyEntry entry;
            try {
                entry = CaFactory.fromPkcs12(p12, password.toCharArray(), Instant.now());
            } catch (CaFactory.CaRefused e) {
                throw new MalformedRequest(e.getMessage());
            }
            return stored(name, entry, "CA_IMPORTED", actor, "PKCS#12");
        } catch (MalformedRequest | Conflict e) {
            refused("CA_IMPORTED", name, actor, e.getMessage());
            throw e;
        }
    }

    /** A pending subordinate CA and its PKCS#10 request (PEM). */
    public record CaRequest(CaView ca, String csrPem) {
    }

    /**
     * A subordinate CA: a key generated here (its PKCS#12 file in the data directory), the CA recorded PENDING, and
     * the PKCS#10 request an administrator has signed by the enterprise root. 409 when the name exists.
     */
    public CaRequest requestSubordinate(String name, String keyType, String subject, String actor) {
        return requestSubordinate(name, keyType, subject, null, actor);
    }

    /** The same with the key generated in a PKCS#11 token ({@code keyLocation} 'pkcs11:...'; null: a PKCS#12 file). */
    public CaRequest requestSubordinate(String name, String keyType, String subject, String keyLocation, String actor) {
        try {
            checkName(name);
            KeyType type = keyType(keyType);
            if (subject == null || subject.isBlank()) {
                throw new MalformedRequest("subject is required (e.g. CN=Plant Issuing CA, O=Example)");
            }
            Optional<CaKeyLocation.Pkcs11Token> token = Optional.ofNullable(keyLocation).map(CaAdministration::tokenLocation);
            refusedAsBadRequest(() -> CaFactory.subject(name, Optional.of(subject)));
            cas.lockForCreation();
            if (row(name).isPresent()) {
                throw new Conflict("a CA named '" + name + "' exists already");
            }
            CaKey entry = refusedAsBadRequest(() -> registry.createPending(EstEnvironment.fromSystem(), name, type,
                    Optional.of(subject), token));
            audit.record(new AuditEvent.Fields("CA_REQUESTED", "SUCCESS", actor, "ADMIN_API", null, null,
                    entry.certificate().holder().getSubject().toString(), null, 201, "CA '" + name + "' PENDING ("
                    + type + ", key at " + token.map(CaKeyLocation.Pkcs11Token::text)
                    .orElseGet(() -> CaKeyLoader.pkcs12Location(name)) + "): PKCS#10 request issued").withCa(name));
            return new CaRequest(view(name), SubordinateCa.request(entry));
        } catch (MalformedRequest | Conflict e) {
            refused("CA_REQUESTED", name, actor, e.getMessage());
            throw e;
        }
    }

    /** The PKCS#10 request of a pending CA again (made anew from its key; the key stays here). */
    public CaRequest pendingRequest(String name) {
        CaRepository.CaRow r = row(name).orElseThrow(() -> new NotFound("no CA named '" + safe(name) + "'"));
        if (!r.status().equals("PENDING")) {
            throw new Conflict("CA '" + name + "' is " + r.status() + ", not PENDING: it has no open request");
        }
        CaKey entry = registry.key(EstEnvironment.fromSystem(), name, r.keyLocation());
        return new CaRequest(view(name), SubordinateCa.request(entry));
    }

    /**
     * The signed chain of a pending CA (PEM: its certificate first, then the issuers up to and optionally including
     * the root): checked against the pending key, then the CA is ACTIVE and issues here at once (other nodes within
     * a minute). A refused chain changes nothing: the CA stays PENDING.
     */
    public CaView importChain(String name, String pem, String actor) {
        try {
            checkName(name);
            cas.lockForCreation();
            CaRepository.CaRow r = row(name).orElseThrow(() -> new NotFound("no CA named '" + name + "'"));
            if (!r.status().equals("PENDING")) {
                throw new Conflict("CA '" + name + "' is " + r.status() + ", not PENDING: no chain to import");
            }
            EstEnvironment env = EstEnvironment.fromSystem();
            CaKey key = registry.key(env, name, r.keyLocation());
            List<CertificateDer> chain;
            try {
                chain = SubordinateCa.bundle(pem);
                SubordinateCa.check(key.key(), key.provider(), key.certificate().x509().getPublicKey(), chain, Instant.now());
            } catch (CaFactory.CaRefused e) {
                throw new MalformedRequest(e.getMessage());
            }
            CertificateDer ca = chain.get(0);
            String issuers = String.join("", chain.subList(1, chain.size()).stream().map(CertificateDer::pem).toList());
            if (cas.all().stream().anyMatch(o -> ca.sha256().hex().equalsIgnoreCase(o.sha256()))) {
                throw new Conflict("this CA certificate is registered already (another CA)");
            }
            if (!cas.activate(name, ca.holder().getSubject().toString(), ca.sha256().hex(), ca.der(), issuers)) {
                throw new Conflict("CA '" + name + "' is no longer PENDING");
            }
            registry.activated(env, name, r.keyLocation(), key, chain);
            caNames.refresh();
            audit.record(new AuditEvent.Fields("CA_CHAIN_IMPORTED", "SUCCESS", actor, "ADMIN_API", null, null,
                    ca.holder().getSubject().toString(), ca.serial().hex(), 200, "CA '" + name + "' ACTIVE (issuer "
                    + ca.holder().getIssuer() + ", " + chain.size() + " certificate(s), SHA-256 " + ca.sha256().hex() + ")")
                    .withCa(name));
            return view(name).published();
        } catch (MalformedRequest | Conflict | NotFound e) {
            refused("CA_CHAIN_IMPORTED", name, actor, e.getMessage());
            throw e;
        }
    }

    private Optional<CaRepository.CaRow> row(String name) {
        return cas.all().stream().filter(r -> r.name().equals(name)).findFirst();
    }

    private CaView view(String name) {
        return list().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    private static KeyType keyType(String keyType) {
        try {
            return KeyType.parse(keyType == null ? "ec-p256" : keyType);
        } catch (IllegalArgumentException e) {
            throw new MalformedRequest("keyType must be ec-p256 or rsa-3072");
        }
    }

    private static String safe(String name) {
        return name == null ? "" : name.replaceAll("[^A-Za-z0-9_-]", "?");
    }

    private CaView stored(String name, KeyStoreFiles.KeyEntry entry, String event, String actor, String how) {
        return stored(name, env -> registry.store(env, name, entry), event, actor, how);
    }

    /** Under the creation lock, a name not taken yet: {@code store} writes the key and the row. */
    private CaView stored(String name, java.util.function.Function<EstEnvironment, IssuingCa> store, String event,
            String actor, String how) {
        cas.lockForCreation();
        if (cas.all().stream().anyMatch(r -> r.name().equals(name))) {
            throw new Conflict("a CA named '" + name + "' exists already");
        }
        IssuingCa ca = store.apply(EstEnvironment.fromSystem());
        registry.publishAfterCommit(ca);
        caNames.refresh();
        audit.record(new AuditEvent.Fields(event, "SUCCESS", actor, "ADMIN_API", null, null,
                ca.certificate().holder().getSubject().toString(), ca.certificate().serial().hex(), 201,
                "CA '" + name + "' (" + how + ", key at " + ca.keyLocation() + ", SHA-256 " + ca.certificate().sha256().hex() + ")")
                .withCa(name));
        return view(name).published();
    }

    private void refused(String event, String name, String actor, String reason) {
        audit.recordAlone(new AuditEvent.Fields(event, "REFUSED", actor, "ADMIN_API", null, null, null, null, 400,
                "CA '" + (name == null ? "" : name.replaceAll("[^A-Za-z0-9_-]", "?")) + "': " + reason).withCa(auditedName(name)));
    }

    /** The CA an audit row names: a well-formed name (the one refused included); null for anything else. */
    public static String auditedName(String name) {
        return name != null && NAME.matcher(name).matches() ? name : null;
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new MalformedRequest("name: 1-32 of a-z 0-9 _ - starting with a letter or digit");
        }
        if (name.equals(CaRepository.DEFAULT)) {
            throw new Conflict("'default' is the data directory's CA");
        }
    }
}
