// SPDX-License-Identifier: Apache-2.0
package org.estgateway.persistence.factory;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A preregistered factory (IDevID) certificate, bound to the commonName its device may enroll for. */
@Entity
@Table(name = "factory_certificate")
public class FactoryCertificate {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "common_name", nullable = false)
    private String commonName;
    @Column(name = "subject_dn", nullable = false, updatable = false)
    private String subjectDn;
    @Column(name = "issuer_dn", nullable = false, updatable = false)
    private String issuerDn;
    @Column(name = "serial_hex", nullable = false, updatable = false)
    private String serialHex;
    @Column(nullable = false, updatable = false)
    private String sha256;
    @Column(nullable = false, updatable = false)
    private byte[] der;
    @Column(name = "not_before", nullable = false, updatable = false)
    private Instant notBefore;
    @Column(name = "not_after", nullable = false, updatable = false)
    private Instant notAfter;
    @Column(nullable = false)
    private boolean enabled = true;
    @Column(name = "created_by", nullable = false, updatable = false)
    private String createdBy;
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;
    @Version
    private long version;

    protected FactoryCertificate() {
    }

    /** The certificate's own fields, as parsed. */
    public record Parsed(String subjectDn, String issuerDn, String serialHex, String sha256, byte[] der, Instant notBefore,
            Instant notAfter) {
    }

    public FactoryCertificate(String commonName, Parsed p, String createdBy) {
        this.commonName = commonName;
        this.subjectDn = p.subjectDn();
        this.issuerDn = p.issuerDn();
        this.serialHex = p.serialHex();
        this.sha256 = p.sha256();
        this.der = p.der();
        this.notBefore = p.notBefore();
        this.notAfter = p.notAfter();
        this.createdBy = createdBy;
        this.createdAt = Instant.now();
    }

    public Long id() { return id; }
    public String commonName() { return commonName; }
    public String subjectDn() { return subjectDn; }
    public String issuerDn() { return issuerDn; }
    public String serialHex() { return serialHex; }
    public String sha256() { return sha256; }
    public byte[] der() { return der.clone(); }
    public Instant notBefore() { return notBefore; }
    public Instant notAfter() { return notAfter; }
    public boolean enabled() { return enabled; }
    public String createdBy() { return createdBy; }
    public Instant createdAt() { return createdAt; }

    public void disable() {
        this.enabled = false;
    }
}
