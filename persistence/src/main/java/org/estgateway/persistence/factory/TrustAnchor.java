// SPDX-License-Identifier: Apache-2.0
package org.estgateway.persistence.factory;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A manufacturer CA registered by an administrator. */
@Entity
@Table(name = "trust_anchor")
public class TrustAnchor {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "subject_dn", nullable = false, updatable = false)
    private String subjectDn;
    @Column(name = "subject_der", nullable = false, updatable = false)
    private byte[] subjectDer;
    @Column(nullable = false, updatable = false)
    private String sha256;
    @Column(nullable = false, updatable = false)
    private byte[] der;
    @Column(name = "not_after", nullable = false, updatable = false)
    private Instant notAfter;
    @Column(name = "created_by", nullable = false, updatable = false)
    private String createdBy;
    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected TrustAnchor() {
    }

    public TrustAnchor(String subjectDn, byte[] subjectDer, String sha256, byte[] der, Instant notAfter, String createdBy) {
        this.subjectDn = subjectDn;
        this.subjectDer = subjectDer;
        this.sha256 = sha256;
        this.der = der;
        this.notAfter = notAfter;
        this.createdBy = createdBy;
        this.createdAt = Instant.now();
    }

    public Long id() { return id; }
    public String subjectDn() { return subjectDn; }
    public String sha256() { return sha256; }
    public byte[] der() { return der.clone(); }
    public Instant notAfter() { return notAfter; }
    public String createdBy() { return createdBy; }
    public Instant createdAt() { return createdAt; }
}
