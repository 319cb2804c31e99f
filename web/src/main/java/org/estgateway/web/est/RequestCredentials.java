// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.est;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.servlet.http.HttpServletRequest;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.estgateway.ejb.auth.ClientCredentials;
import org.estgateway.ejb.auth.digest.DigestResponse;
import org.estgateway.ejb.error.Unauthorized;
import org.estgateway.ejb.pki.CertificateDer;

/** Collects what a request presented: TLS client chain (from the servlet container), Basic or Digest credentials. */
@ApplicationScoped
public class RequestCredentials {
    static final String CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    public ClientCredentials of(HttpServletRequest http, String realm) {
        X509Certificate[] chain = (X509Certificate[]) http.getAttribute(CERTIFICATE_ATTRIBUTE);
        List<CertificateDer> certificates = chain == null ? List.of()
                : Arrays.stream(chain).map(CertificateDer::of).toList();
        String authorization = http.getHeader("Authorization");
        Optional<ClientCredentials.Basic> basic = Optional.empty();
        Optional<DigestResponse> digest;
        try {
            digest = ClientCredentials.parseDigest(authorization);
            if (digest.isEmpty()) {
                basic = ClientCredentials.parseBasic(authorization);
            }
        } catch (IllegalArgumentException e) {
            throw Unauthorized.basic(e.getMessage(), realm);
        }
        return new ClientCredentials(certificates, basic, digest, http.getMethod(), http.isSecure(), http.getRemoteAddr());
    }
}
