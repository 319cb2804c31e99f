// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.pki;

import java.io.IOException;
import java.util.List;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.util.CollectionStore;

/** A degenerate "certs-only" CMS SignedData (RFC 5751 §3.2.2, RFC 7030 §4.1.3 and §4.2.3), as DER. */
public record CertsOnly(byte[] der) {
    public static CertsOnly of(List<CertificateDer> certificates) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            List<X509CertificateHolder> holders = certificates.stream().map(CertificateDer::holder).toList();
            generator.addCertificates(new CollectionStore<>(holders));
            return new CertsOnly(generator.generate(new CMSAbsentContent()).getEncoded("DER"));
        } catch (CMSException | IOException e) {
            throw new IllegalStateException("cannot encode certs-only CMS", e);
        }
    }
}
