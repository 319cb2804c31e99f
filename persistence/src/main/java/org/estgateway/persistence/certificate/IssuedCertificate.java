// SPDX-License-Identifier: Apache-2.0
package org.estgateway.persistence.certificate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.estgateway.persistence.device.Device;

/** A certificate this gateway issued, with how it was requested. Rows are never deleted. */
@Entity
@Table(name = "issued_certificate")
public class IssuedCertificate {
    public static final String VALID = "VALID";
    public static final String REVOKED = "REVOKED";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "device_id", updatable = false)
    private Device device;
    @Column(name = "serial_hex", nullable = false, updatable = false)
    private String serialHex;
    @Column(name = "issuer_dn", nullable = false, updatable = false)
    private String issuerDn;
    @Column(name = "subject_dn", nullable = false, updatable = false)
    private String subjectDn;
    @Column(name = "subject_der", nullable = false, updatable = false)
    private byte[] subjectDer;
    @Column(updatable = false)
    private String san;
    @Column(name = "not_before", nullable = false, updatable = false)
    private Instant notBefore;
    @Column(name = "not_after", nullable = false, updatable = false)
    private Instant notAfter;
    @Column(nullable = false, updatable = false)
    private String sha256;
    @Column(nullable = false, updatable = false)
    private byte[] der;
    @Column(nullable = false)
    private String status = VALID;
    @Column(name = "revoked_at")
    private Instant revokedAt;
    @Column(name = "revocation_reason")
    private String revocationReason;
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "renewed_from_id", updatable = false)
    private IssuedCertificate renewedFrom;
    @Column(updatable = false)
    private String label;
    @Column(nullable = false, updatable = false)
    private String operation;
    @Column(name = "auth_method", nullable = false, updatable = false)
    private String authMethod;
    @Column(name = "auth_identity", nullable = false, updatable = false)
    private String authIdentity;
    @Column(name = "csr_sha256", nullable = false, updatable = false)
    private String csrSha256;
    @Column(name = "issued_at", nullable = false, updatable = false)
    private Instant issuedAt;
    @Column(updatable = false)
    private String handler;
    @Column(name = "key_generated_by_server", nullable = false, updatable = false)
    private boolean keyGeneratedByServer;
    @Column(name = "approval_request_id", updatable = false)
    private Long approvalRequestId;
    /** The name of the CA that signed it (V12; 'default' for every certificate issued before named CAs). */
    @Column(nullable = false, updatable = false)
    private String ca = "default";
    /** The key generation of that CA that signed it (V13; 1 for every certificate issued before a rollover). */
    @Column(name = "ca_generation", nullable = false, updatable = false)
    private short caGeneration = 1;
    @Version
    private long version;

    protected IssuedCertificate() {
    }

    /** What the CA produced; see {@link #requested} for how it was asked for. */
    public record Issued(String serialHex, String issuerDn, String subjectDn, byte[] subjectDer, String san,
            Instant notBefore, Instant notAfter, String sha256, byte[] der) {
    }

    /** How the certificate was requested. */
    public record Request(String handler, String label, String operation, String authMethod, String authIdentity,
            String csrSha256, boolean keyGeneratedByServer) {
    }

    public static IssuedCertificate of(Device device, Issued issued, Request request, IssuedCertificate renewedFrom) {
        IssuedCertificate c = new IssuedCertificate();
        c.device = device;
        c.serialHex = issued.serialHex();
        c.issuerDn = issued.issuerDn();
        c.subjectDn = issued.subjectDn();
        c.subjectDer = issued.subjectDer();
        c.san = issued.san();
        c.notBefore = issued.notBefore();
        c.notAfter = issued.notAfter();
        c.sha256 = issued.sha256();
        c.der = issued.der();
        c.label = request.label();
        c.operation = request.operation();
        c.authMethod = request.authMethod();
        c.authIdentity = request.authIdentity();
        c.csrSha256 = request.csrSha256();
        c.handler = request.handler();
        c.keyGeneratedByServer = request.keyGeneratedByServer();
        c.renewedFrom = renewedFrom;
        c.issuedAt = Instant.now();
        return c;
    }

    public Long id() { return id; }
    public Device device() { return device; }
    public String serialHex() { return serialHex; }
    public String issuerDn() { return issuerDn; }
    public String subjectDn() { return subjectDn; }
    public byte[] subjectDer() { return subjectDer.clone(); }
    public String san() { return san; }
    public Instant notBefore() { return notBefore; }
    public Instant notAfter() { return notAfter; }
    public String sha256() { return sha256; }
    public byte[] der() { return der.clone(); }
    public String status() { return status; }
    public Instant revokedAt() { return revokedAt; }
    public String revocationReason() { return revocationReason; }
    public IssuedCertificate renewedFrom() { return renewedFrom; }
    public String label() { return label; }
    public String operation() { return operation; }
    public String authMethod() { return authMethod; }
    public String authIdentity() { return authIdentity; }
    public Instant issuedAt() { return issuedAt; }
    public String handler() { return handler; }
    public String ca() { return ca; }
    public int caGeneration() { return caGeneration; }

    /** Signed by key generation {@code generation} of the named CA (before {@code add}). */
    public IssuedCertificate signedBy(String caName, int generation) {
        this.ca = caName;
        this.caGeneration = (short) generation;
        return this;
    }

    /** The certificate was issued on the approval of this request (SPEC §8). */
    public IssuedCertificate approvedBy(long approvalRequestId) {
        this.approvalRequestId = approvalRequestId;
        return this;
    }

    public boolean revoked() {
        return REVOKED.equals(status);
    }

    public void revoke(String reason, Instant at) {
        this.status = REVOKED;
        this.revocationReason = reason;
        this.revokedAt = at;
    }
}
