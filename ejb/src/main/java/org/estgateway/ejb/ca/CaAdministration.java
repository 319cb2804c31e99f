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
import org.estgateway.ejb.config.EstEnvironment;
import org.estgateway.ejb.config.KeyType;
import org.estgateway.ejb.error.Conflict;
import org.estgateway.ejb.error.MalformedRequest;
import org.estgateway.ejb.factory.ClientCaNamesPublisher;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.persistence.audit.AuditEvent;
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
    @EJB
    CaRegistry registry;
    @Inject
    AuditService audit;
    @EJB
    ClientCaNamesPublisher caNames;

    public record CaView(String name, String status, String keyLocationKind, String keyLocation, String algorithm,
            String subject, String sha256, String notBefore, String notAfter, Long daysToExpiry, boolean subordinate,
            boolean loadedHere, String registeredBy, String registeredAt) {
    }

    public List<CaView> list() {
        Instant now = Instant.now();
        return cas.all().stream().map(r -> {
            Optional<CertificateDer> cert = Optional.ofNullable(r.der()).map(CertificateDer::parse);
            return new CaView(r.name(), r.status(), CaKeyLoader.kind(r.keyLocation()), r.keyLocation(),
                    Optional.ofNullable(r.keyAlgorithm()).orElseGet(() -> cert.map(CaFactory::algorithm).orElse(null)),
                    r.subjectDn(), r.sha256(),
                    cert.map(c -> c.holder().getNotBefore().toInstant().toString()).orElse(null),
                    cert.map(c -> c.holder().getNotAfter().toInstant().toString()).orElse(null),
                    cert.map(c -> Duration.between(now, c.holder().getNotAfter().toInstant()).toDays()).orElse(null),
                    r.chainPem() != null, registry.find(r.name()).isPresent(), r.registeredBy(),
                    r.registeredAt().toString());
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

    private CaView stored(String name, KeyStoreFiles.KeyEntry entry, String event, String actor, String how) {
        cas.lockForCreation();
        if (cas.all().stream().anyMatch(r -> r.name().equals(name))) {
            throw new Conflict("a CA named '" + name + "' exists already");
        }
        IssuingCa ca = registry.store(EstEnvironment.fromSystem(), name, entry);
        registry.add(ca);
        caNames.refresh();
        audit.record(new AuditEvent.Fields(event, "SUCCESS", actor, "ADMIN_API", null, null,
                ca.certificate().holder().getSubject().toString(), ca.certificate().serial().hex(), 201,
                "CA '" + name + "' (" + how + ", key at " + ca.keyLocation() + ", SHA-256 " + ca.certificate().sha256().hex() + ")"));
        return list().stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
    }

    private void refused(String event, String name, String actor, String reason) {
        audit.recordAlone(new AuditEvent.Fields(event, "REFUSED", actor, "ADMIN_API", null, null, null, null, 400,
                "CA '" + (name == null ? "" : name.replaceAll("[^A-Za-z0-9_-]", "?")) + "': " + reason));
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
