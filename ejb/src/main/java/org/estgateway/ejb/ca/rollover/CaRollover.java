// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca.rollover;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.estgateway.ejb.audit.AuditService;
import org.estgateway.ejb.ca.CaRegistry;
import org.estgateway.ejb.ca.CertificateIssuer;
import org.estgateway.ejb.ca.IssuingCa;
import org.estgateway.ejb.config.EstEnvironment;
import org.estgateway.ejb.error.Conflict;
import org.estgateway.ejb.error.EstException;
import org.estgateway.ejb.error.MalformedRequest;
import org.estgateway.ejb.error.NotFound;
import org.estgateway.ejb.node.NodeName;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.persistence.audit.AuditEvent;
import org.estgateway.persistence.ca.CaGenerationRepository;
import org.estgateway.persistence.ca.CaGenerationRepository.Generation;
import org.estgateway.persistence.ca.CaRepository;

/**
 * CA key rollover through the admin API (RFC 7030 §4.1.3), in two steps: {@link #nextKey} generates the CA's next key
 * where its current key lives and its new self-signed certificate (generation NEXT); {@link #rollover} makes it
 * CURRENT, the old one PREVIOUS, and signs the NewWithOld and OldWithNew link certificates. Both run under the CA
 * creation lock (one change of a CA at a time across nodes), are audited, and change nothing when refused (the key
 * file of a rolled-back next-key is removed). This node uses the new key once the transaction commits; other nodes
 * within a minute (CaRegistry polls).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRED)
public class CaRollover {
    static final String NEXT_KEY = "CA_NEXT_KEY";
    static final String ROLLOVER = "CA_ROLLOVER";

    @Inject
    CaRepository cas;
    @Inject
    CaGenerationRepository generations;
    @EJB
    CaRegistry registry;
    @Inject
    AuditService audit;

    /** One key generation of a CA as the admin API shows it. */
    public record GenerationView(String ca, int generation, String state, String keyLocation, String algorithm,
            String subject, String sha256, String notAfter, long daysToExpiry, String crl) {
    }

    /** The CA's next key: generated, certified (self-signed, same subject), recorded NEXT. 409 when it has one. */
    public GenerationView nextKey(String name, String keyType, String actor) {
        try {
            cas.lockForCreation();
            CaRepository.CaRow row = row(name);
            List<Generation> gens = generations.of(name);
            Generations.nextKeyRefusal(state(row, gens)).ifPresent(r -> {
                throw new Conflict(r);
            });
            EstEnvironment env = EstEnvironment.fromSystem();
            CertificateDer current = CertificateDer.parse(row.der());
            int number = gens.stream().mapToInt(Generation::generation).max().orElse(row.generation()) + 1;
            NextKey.Made made = NextKey.make(env, name, row.keyLocation(), number, current,
                    NextKey.keyType(keyType, current), registry::removeUnlessCommitted, registry::undoUnlessCommitted);
            CertificateDer cert = made.certificate();
            generations.recordCurrent(name, current.holder().getNotAfter().toInstant(),
                    Optional.ofNullable(row.keyAlgorithm()).orElseGet(() -> org.estgateway.ejb.ca.CaFactory.algorithm(current)));
            if (!generations.addNext(name, number, made.location(), org.estgateway.ejb.ca.CaFactory.algorithm(cert),
                    cert.holder().getSubject().toString(), cert.sha256().hex(), cert.der(),
                    cert.holder().getNotAfter().toInstant(), NodeName.current().value())) {
                throw new Conflict("CA '" + name + "' has a new key already");
            }
            audit.record(new AuditEvent.Fields(NEXT_KEY, "SUCCESS", actor, "ADMIN_API", null, null,
                    cert.holder().getSubject().toString(), cert.serial().hex(), 201, "CA '" + name + "': key generation "
                    + number + " NEXT (" + org.estgateway.ejb.ca.CaFactory.algorithm(cert) + ", key at " + made.location()
                    + ", SHA-256 " + cert.sha256().hex() + ")").withCa(name));
            return view(generations.of(name).stream().filter(g -> g.generation() == number).findFirst().orElseThrow());
        } catch (EstException e) {
            refused(NEXT_KEY, name, actor, e);
            throw e;
        }
    }

    /** NEXT becomes CURRENT (with its link certificates), CURRENT becomes PREVIOUS. */
    public GenerationView rollover(String name, String actor) {
        try {
            cas.lockForCreation();
            CaRepository.CaRow row = row(name);
            List<Generation> gens = generations.of(name);
            Generations.rolloverRefusal(state(row, gens)).ifPresent(r -> {
                throw new Conflict(r);
            });
            Generation next = gens.stream().filter(g -> g.state().equals(CaGenerationRepository.NEXT)).findFirst()
                    .orElseThrow();
            Generation current = gens.stream().filter(g -> g.state().equals(CaGenerationRepository.CURRENT)
                    && g.generation() == row.generation()).findFirst().orElseThrow(() -> new Conflict("CA '" + name
                    + "': its current key generation " + row.generation() + " is not recorded in ca_generation"));
            EstEnvironment env = EstEnvironment.fromSystem();
            CertificateDer oldCert = CertificateDer.parse(current.der());
            CertificateDer newCert = CertificateDer.parse(next.der());
            Instant now = Instant.now();
            if (!oldCert.holder().getNotAfter().toInstant().isAfter(now)) {
                throw new Conflict("CA '" + name + "': its current certificate has expired; create a new CA instead");
            }
            CertificateIssuer oldIssuer = registry.open(env, name, current.keyLocation(), oldCert);
            CertificateIssuer newIssuer = registry.open(env, name, next.keyLocation(), newCert);
            LinkCertificates.Links links = LinkCertificates.make(oldIssuer, newIssuer, now);
            if (!generations.roll(name, current.generation(), next.generation(), links.newWithOld().der(),
                    links.oldWithNew().der()) || !cas.rollTo(name, row.generation(), next.generation(),
                    newCert.sha256().hex(), newCert.der(), next.keyLocation(), next.keyAlgorithm())) {
                throw new Conflict("CA '" + name + "' was changed meanwhile; retry");
            }
            IssuingCa rolled = registry.loadRolled(env, row(name), generations.of(name));
            registry.publishAfterCommit(rolled);
            audit.record(new AuditEvent.Fields(ROLLOVER, "SUCCESS", actor, "ADMIN_API", null, null,
                    newCert.holder().getSubject().toString(), newCert.serial().hex(), 200, "CA '" + name
                    + "': key generation " + next.generation() + " CURRENT (SHA-256 " + newCert.sha256().hex()
                    + "), generation " + current.generation() + " PREVIOUS until " + oldCert.holder().getNotAfter()
                    .toInstant() + "; NewWithOld " + links.newWithOld().sha256().hex() + ", OldWithNew "
                    + links.oldWithNew().sha256().hex()).withCa(name));
            return view(generations.of(name).stream().filter(g -> g.generation() == next.generation()).findFirst()
                    .orElseThrow());
        } catch (EstException e) {
            refused(ROLLOVER, name, actor, e);
            throw e;
        }
    }

    /** The recorded generations of a CA (empty for a CA never prepared for a rollover). */
    public List<GenerationView> generationsOf(String name) {
        return generations.of(name).stream().map(CaRollover::view).toList();
    }

    private CaRepository.CaRow row(String name) {
        if (name == null || !name.matches("[a-z0-9][a-z0-9_-]{0,31}")) {
            throw new NotFound("no CA named '" + safe(name) + "'");
        }
        return cas.all().stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new NotFound("no CA named '" + name + "'"));
    }

    private static Generations.CaState state(CaRepository.CaRow row, List<Generation> gens) {
        return new Generations.CaState(row.name(), row.status(), row.chainPem() != null, row.generation(),
                gens.stream().anyMatch(g -> g.state().equals(CaGenerationRepository.NEXT)));
    }

    /** A generation as the admin API shows it (its CRL URL for CURRENT and PREVIOUS). */
    public static GenerationView view(Generation g) {
        Instant now = Instant.now();
        return new GenerationView(g.ca(), g.generation(), g.state(), g.keyLocation(), g.keyAlgorithm(), g.subjectDn(),
                g.sha256(), g.notAfter().toString(), java.time.Duration.between(now, g.notAfter()).toDays(),
                g.state().equals(CaGenerationRepository.NEXT) ? null
                        : Generations.crlUrl(EstEnvironment.fromSystem().crlUrl(), g.ca(),
                                g.ca().equals(CaRepository.DEFAULT), g.generation()));
    }

    private void refused(String event, String name, String actor, EstException e) {
        audit.recordAlone(new AuditEvent.Fields(event, "REFUSED", actor, "ADMIN_API", null, null, null, null,
                e.status(), "CA '" + safe(name) + "': " + e.getMessage()).withCa(org.estgateway.ejb.ca.CaAdministration.auditedName(name)));
    }

    private static String safe(String name) {
        return name == null ? "" : name.replaceAll("[^A-Za-z0-9_-]", "?");
    }

    static MalformedRequest badKeyType() {
        return new MalformedRequest("keyType must be ec-p256 or rsa-3072");
    }
}
