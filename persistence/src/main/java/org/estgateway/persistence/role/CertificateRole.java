// SPDX-License-Identifier: Apache-2.0
package org.estgateway.persistence.role;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import org.estgateway.persistence.certificate.IssuedCertificate;

/** An officer role granted to an issued certificate (RA mode). */
@Entity
@Table(name = "certificate_role")
public class CertificateRole {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "certificate_id", updatable = false)
    private IssuedCertificate certificate;
    @Column(nullable = false, updatable = false)
    private String role;
    @Column(name = "granted_by", nullable = false, updatable = false)
    private String grantedBy;
    @Column(name = "granted_at", nullable = false, updatable = false)
    private Instant grantedAt;

    protected CertificateRole() {
    }

    public CertificateRole(IssuedCertificate certificate, String role, String grantedBy) {
        this.certificate = certificate;
        this.role = role;
        this.grantedBy = grantedBy;
        this.grantedAt = Instant.now();
    }

    public String role() {
        return role;
    }
}
