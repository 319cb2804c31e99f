// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.estgateway.ejb.ca.rollover.Generations;
import org.estgateway.ejb.pki.CertificateDer;
import org.estgateway.persistence.ca.CaGenerationRepository;
import org.estgateway.persistence.ca.CaGenerationRepository.Generation;
import org.estgateway.persistence.ca.CaRepository;

/**
 * Builds a rolled CA (one with rows in ca_generation, V13) from its rows: the CURRENT generation issues, with the
 * CRL distribution point of its generation; the link certificates of its rollover go into cacerts; each PREVIOUS
 * generation whose certificate has not expired gets its key opened to sign its own CRL. Keys are opened by the
 * caller ({@link KeyOpener}), so this needs no disk.
 */
final class GenerationLoader {
    /** Opens the key of a generation and returns the issuer signing with it, checked against its certificate. */
    interface KeyOpener {
        CertificateIssuer open(String keyLocation, CertificateDer certificate);
    }

    private GenerationLoader() {
    }

    static IssuingCa load(CaRepository.CaRow row, List<Generation> generations, KeyOpener keys, String crlBase,
            Instant now) {
        Generation current = current(row, generations);
        CertificateDer certificate = CertificateDer.parse(current.der());
        CertificateIssuer issuer = keys.open(current.keyLocation(), certificate).withCrlDistributionPoint(
                Generations.crlUrl(crlBase, row.name(), row.name().equals(CaRepository.DEFAULT), current.generation()));
        List<CertificateDer> chain = new ArrayList<>(List.of(certificate));
        if (row.chainPem() != null) {
            chain.addAll(Pem.certificates(row.chainPem()));
        }
        List<CertificateDer> links = current.newWithOld() == null ? List.of()
                : List.of(CertificateDer.parse(current.newWithOld()), CertificateDer.parse(current.oldWithNew()));
        List<IssuingCa.KeyGeneration> previous = new ArrayList<>();
        for (Generation g : generations) {
            if (g.state().equals(CaGenerationRepository.PREVIOUS)) {
                CertificateDer cert = CertificateDer.parse(g.der());
                previous.add(new IssuingCa.KeyGeneration(g.generation(), cert,
                        Generations.publishesCrl(false, g.notAfter(), now) ? keys.open(g.keyLocation(), cert) : null));
            }
        }
        return new IssuingCa(row.name(), current.keyLocation(), issuer, chain, current.generation(), links, previous);
    }

    /** What {@link IssuingCa#loadedState()} of the CA loaded from these rows is. */
    static String state(CaRepository.CaRow row, List<Generation> generations, Instant now) {
        StringBuilder s = new StringBuilder(String.valueOf(row.sha256()));
        generations.stream().filter(g -> g.state().equals(CaGenerationRepository.PREVIOUS)).forEach(g -> s.append(';')
                .append(g.generation()).append(Generations.publishesCrl(false, g.notAfter(), now) ? "+" : "x"));
        return s.toString();
    }

    private static Generation current(CaRepository.CaRow row, List<Generation> generations) {
        Generation current = generations.stream().filter(g -> g.state().equals(CaGenerationRepository.CURRENT))
                .findFirst().orElseThrow(() -> new IllegalStateException("CA '" + row.name()
                        + "': table ca_generation has no CURRENT key"));
        if (current.generation() != row.generation() || !current.sha256().equalsIgnoreCase(row.sha256())) {
            throw new IllegalStateException("CA '" + row.name() + "': table ca (generation " + row.generation()
                    + ") and its CURRENT row of ca_generation (generation " + current.generation() + ") disagree");
        }
        return current;
    }
}
