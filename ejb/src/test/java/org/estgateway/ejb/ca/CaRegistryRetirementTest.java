// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.estgateway.ejb.config.KeyType;
import org.estgateway.ejb.error.ServiceUnavailable;
import org.junit.jupiter.api.Test;

/** What a retired CA still does on the node that retired it, without a container (the registry's maps only). */
class CaRegistryRetirementTest {
    private final CaRegistry registry = new CaRegistry();
    private final IssuingCa plant = ca("plant");

    private static IssuingCa ca(String name) {
        KeyStoreFiles.KeyEntry entry = CaFactory.generate(name, KeyType.EC_P256, Optional.empty());
        return new IssuingCa(name, CaKeyLoader.pkcs12Location(name),
                CertificateIssuer.of(entry.key(), entry.certificate()), entry.chain());
    }

    @Test
    void aRetiredCaIssuesNoMoreWithAClearReason() {
        registry.add(plant);
        assertSame(plant, registry.get("plant"));
        registry.retired("plant");
        ServiceUnavailable e = assertThrows(ServiceUnavailable.class, () -> registry.get("plant"));
        assertTrue(e.getMessage().contains("CA 'plant' is retired: it issues no more"), e.getMessage());
        assertEquals(0, e.retryAfterSeconds(), "no Retry-After: retirement is not temporary");
        assertEquals(Optional.empty(), registry.find("plant"));
        assertEquals(List.of(), registry.all());
    }

    @Test
    void aRetiredCaStillSignsItsCrlAndItsCertificatesStillAuthenticate() throws Exception {
        registry.add(plant);
        registry.retired("plant");
        assertSame(plant, registry.crlIssuer("plant").orElseThrow());
        assertEquals(List.of(plant), registry.byIssuer(plant.certificate().holder().getSubject()));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        byte[] crl = plant.signCrl(List.of(), now, now.plus(1, ChronoUnit.DAYS), 1);
        assertTrue(new org.bouncycastle.cert.X509CRLHolder(crl).isSignatureValid(
                new org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder()
                        .build(plant.certificate().holder())));
    }

    @Test
    void retiringAnUnknownOrPendingNameChangesNothing() {
        registry.add(plant);
        registry.retired("other");
        registry.deleted("other");
        assertSame(plant, registry.get("plant"));
        assertEquals(Optional.empty(), registry.crlIssuer("other"));
        assertThrows(ServiceUnavailable.class, () -> registry.get("other"));
    }
}
