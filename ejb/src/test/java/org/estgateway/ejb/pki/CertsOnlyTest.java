// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.estgateway.ejb.TestCa;
import org.estgateway.ejb.TestCsrs;
import org.junit.jupiter.api.Test;

class CertsOnlyTest {

    @Test
    void containsExactlyTheGivenCertificatesAndNoSigners() throws Exception {
        TestCa ca = TestCa.create();
        CertificateDer leaf = ca.issueClient(new X500Name("CN=meter-17"), Optional.empty(),
                TestCsrs.keyPair(TestCsrs.KeyKind.EC_P256).getPublic());
        CMSSignedData cms = new CMSSignedData(CertsOnly.of(List.of(leaf, ca.certificate())).der());

        Set<X509CertificateHolder> certificates = Set.copyOf(cms.getCertificates().getMatches(null));
        assertEquals(Set.of(leaf.holder(), ca.certificate().holder()), certificates);
        assertEquals(2, cms.getCertificates().getMatches(null).size(), "no duplicates");
        assertEquals(0, cms.getSignerInfos().size());
        assertNull(cms.getSignedContent(), "certs-only: no encapsulated content");
        assertEquals(CMSObjectIdentifiers.data.getId(), cms.getSignedContentTypeOID());
    }

    @Test
    void emptyListGivesAnEmptyCertsOnlyMessage() throws Exception {
        CMSSignedData cms = new CMSSignedData(CertsOnly.of(List.of()).der());
        assertEquals(0, cms.getCertificates().getMatches(null).size());
        assertEquals(0, cms.getSignerInfos().size());
    }
}
