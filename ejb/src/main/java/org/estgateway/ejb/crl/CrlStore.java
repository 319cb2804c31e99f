// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.crl;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;
import org.estgateway.ejb.ca.CaRegistry;
import org.estgateway.ejb.ca.CertificateIssuer;
import org.estgateway.ejb.certificate.RevocationReason;
import org.estgateway.ejb.node.NodeName;
import org.estgateway.ejb.pki.Fingerprint;
import org.estgateway.persistence.ca.CaRepository;
import org.estgateway.persistence.certificate.IssuedCertificateRepository;
import org.estgateway.persistence.crl.CrlRepository;
import org.estgateway.persistence.crl.CrlHead;
import org.estgateway.persistence.crl.CrlSnapshot;
import org.estgateway.persistence.crl.StoredCrl;

/**
 * The CRLs in table crl, one series per CA (its own numbers), shared by all nodes: reads for every fetch, and the building of the next CRL, once
 * per change across nodes (an advisory lock per CA, then a re-read: another node may have just built it).
 */
@Stateless
public class CrlStore {
    private static final Logger LOG = Logger.getLogger(CrlStore.class.getName());

    @Inject
    CrlRepository crls;
    @Inject
    IssuedCertificateRepository certificates;
    @EJB
    CaRegistry registry;

    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public CrlSnapshot snapshot(String ca, int generation) {
        return crls.snapshot(ca, generation);
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public StoredCrl load(String ca, int generation, long number) {
        return crls.load(ca, generation, number).orElseThrow(() -> new IllegalStateException("CRL number " + number + " vanished"));
    }

    /**
     * The latest CRL, built now unless the latest stored one is current. Committed when this returns (its own
     * transaction), so no client sees a CRL number before every node can.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public StoredCrl latestOrBuild(String ca, int generation) {
        crls.lockForBuilding(ca);
        // The state is read before the list of revocations: a revocation committed in between is then in the
        // CRL but not in its state, and the next fetch merely builds once more; never the reverse (a CRL whose
        // state claims a revocation its list lacks).
        CrlSnapshot seen = crls.snapshot(ca, generation);
        Instant now = Instant.now();
        if (seen.latest().isPresent() && CrlRules.isCurrent(seen.latest().get(), seen.revocationState(), now)) {
            return load(ca, generation, seen.latest().get().number());
        }
        // each key generation signs the CRL of the certificates it signed (RFC 5280 §5: the CRL issuer is the
        // certificate issuer, verified with the same key)
        // a retired CA issues no more but still publishes its CRLs
        CertificateIssuer signer = registry.crlIssuer(ca).orElseThrow(() -> new IllegalStateException("CA '" + ca
                + "' is not loaded")).crlSigner(generation, now);
        List<CertificateIssuer.RevokedEntry> revoked = certificates.revoked(ca, generation).stream()
                .map(r -> new CertificateIssuer.RevokedEntry(new BigInteger(r.serialHex(), 16), r.revokedAt(),
                        RevocationReason.of(r.reason()).orElse(RevocationReason.unspecified).code()))
                .toList();
        long number = CrlRules.nextNumber(crls.nextNumberFromSequence(), seen.latest());
        Instant thisUpdate = CrlRules.thisUpdate(now, seen.latest());
        Instant nextUpdate = CrlRules.nextUpdate(thisUpdate);
        byte[] der = signer.crl(revoked, thisUpdate, nextUpdate, number);
        StoredCrl crl = new StoredCrl(ca, generation, new CrlHead(number, seen.revocationState(), thisUpdate, nextUpdate), revoked.size(),
                der, Fingerprint.sha256(der).hex(), NodeName.current().value());
        crls.add(crl);
        int pruned = crls.prune(ca, generation, number, now, CrlRules.KEEP_AT_MOST);
        LOG.info(() -> "CA '" + ca + "' generation " + generation + ": CRL number " + number + " signed (" + revoked.size() + " revoked, previous "
                + seen.latest().map(l -> String.valueOf(l.number())).orElse("none") + ", " + pruned + " old CRLs pruned)");
        return crl;
    }
}
