// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.estgateway.ejb.error.NotFound;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.ejb.pki.CertsOnly;
import org.estgateway.ejb.pki.SerialNumber;

/**
 * One CA of the gateway, loaded: its name, its current key generation's issuer (key + certificate, with its own CRL
 * distribution point), its chain (the CA certificate first, then the issuers above it up to the root for a
 * subordinate CA), and after a rollover (RFC 7030 §4.1.3) the link certificates and its previous generations (each
 * signs its own CRL while its certificate is valid). Immutable; signing is thread-safe.
 */
public final class IssuingCa {
    private final String name;
    private final String keyLocation;
    private final CertificateIssuer issuer;
    private final List<CertificateDer> chain;
    private final CertsOnly caCerts;
    private final int generation;
    private final List<CertificateDer> links;
    private final List<KeyGeneration> previous;

    /**
     * A previous key generation: its CA certificate and the issuer that signs its CRL ({@code null} when its
     * certificate had expired when the CA was loaded: its key is not opened, its CRL no longer published).
     */
    public record KeyGeneration(int number, CertificateDer certificate, CertificateIssuer crlSigner) {
        public boolean publishesCrl(Instant now) {
            return crlSigner != null && now.isBefore(certificate.holder().getNotAfter().toInstant());
        }
    }

    /** A CA at its first key generation. */
    public IssuingCa(String name, String keyLocation, CertificateIssuer issuer, List<CertificateDer> chain) {
        this(name, keyLocation, issuer, chain, 1, List.of(), List.of());
    }

    /**
     * @param links    NewWithOld and OldWithNew of the rollover that made {@code generation} current (empty for 1)
     * @param previous the earlier generations, oldest first
     */
    public IssuingCa(String name, String keyLocation, CertificateIssuer issuer, List<CertificateDer> chain,
            int generation, List<CertificateDer> links, List<KeyGeneration> previous) {
        this.name = name;
        this.keyLocation = keyLocation;
        this.issuer = issuer;
        this.chain = List.copyOf(chain);
        this.generation = generation;
        this.links = List.copyOf(links);
        this.previous = List.copyOf(previous);
        List<CertificateDer> published = new ArrayList<>(this.chain);
        published.addAll(this.links);
        this.caCerts = CertsOnly.of(published); // RFC 7030 §4.1.3: the new CA certificate, NewWithOld, OldWithNew
    }

    public String name() {
        return name;
    }

    /** 'pkcs12:ca/&lt;name&gt;.p12', 'pkcs12:ca/&lt;name&gt;-g2.p12', 'pkcs11:...': the current key's; never a secret. */
    public String keyLocation() {
        return keyLocation;
    }

    /** The key generation that issues (1 until the first rollover). */
    public int generation() {
        return generation;
    }

    public CertificateDer issue(CertificateTemplate template) {
        return issuer.issue(template, SerialNumber.random());
    }

    /** A CRL signed by the current key. */
    public byte[] signCrl(List<CertificateIssuer.RevokedEntry> revoked, Instant thisUpdate, Instant nextUpdate, long number) {
        return issuer.crl(revoked, thisUpdate, nextUpdate, number);
    }

    /**
     * The issuer of generation {@code number}'s CRL: the current key or a previous one whose certificate has not
     * expired; 404 with the reason otherwise.
     */
    public CertificateIssuer crlSigner(int number, Instant now) {
        if (number == generation) {
            return issuer;
        }
        Optional<KeyGeneration> g = previous.stream().filter(p -> p.number() == number).findFirst();
        if (g.isEmpty()) {
            throw new NotFound("CA '" + name + "' has no key generation " + number + " (current: " + generation + ")");
        }
        if (!g.get().publishesCrl(now)) {
            throw new NotFound("generation " + number + " of CA '" + name + "' expired at "
                    + g.get().certificate().holder().getNotAfter().toInstant() + ": its CRL is no longer published");
        }
        return g.get().crlSigner();
    }

    /** The CA certificate of the current generation. */
    public CertificateDer certificate() {
        return issuer.certificate();
    }

    /** Every generation's CA certificate, current first: the keys a certificate of this CA may be signed by. */
    public List<CertificateDer> certificates() {
        List<CertificateDer> all = new ArrayList<>(List.of(certificate()));
        for (int i = previous.size() - 1; i >= 0; i--) {
            all.add(previous.get(i).certificate());
        }
        return all;
    }

    public List<KeyGeneration> previous() {
        return previous;
    }

    /** The CA certificate and the issuers above it, leaf first. */
    public List<CertificateDer> chain() {
        return chain;
    }

    /** RFC 7030 §4.1.3: the chain and, after a rollover, NewWithOld and OldWithNew, as certs-only CMS (built once). */
    public CertsOnly caCerts() {
        return caCerts;
    }

    public Instant notAfter() {
        return certificate().holder().getNotAfter().toInstant();
    }

    /** The current generation's issuer (the registry builds the next state of the CA from it). */
    CertificateIssuer issuer() {
        return issuer;
    }

    /**
     * What the registry compares with table ca and ca_generation to tell whether the CA must be loaded anew: the
     * current certificate and the previous generations that still sign CRLs.
     */
    String loadedState() {
        StringBuilder s = new StringBuilder(certificate().sha256().hex());
        previous.forEach(p -> s.append(';').append(p.number()).append(p.crlSigner() == null ? "x" : "+"));
        return s.toString();
    }
}
