// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.estgateway.ejb.pki.CertificateDer;

/** Several PEM certificates in one text (table ca, column chain_pem). */
final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", Pattern.DOTALL);

    private Pem() {
    }

    static List<CertificateDer> certificates(String text) {
        List<CertificateDer> certs = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            certs.add(CertificateDer.fromPem(m.group()));
        }
        return certs;
    }
}
