// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManager;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;

/** Raw EST calls shared by the wire and refusal tests. */
final class Enroll {
    static final String PKCS10 = "Content-Type: application/pkcs10";

    private Enroll() {
    }

    static String basic(String user, String password) {
        return "Authorization: Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static RawHttps.Response post(String operation, byte[] body, KeyManager[] keys, String... headers) throws IOException {
        List<String> h = new ArrayList<>(List.of(headers));
        h.add("Connection: close");
        return RawHttps.send("POST", "/.well-known/est/" + operation, h, body, keys);
    }

    /** Enrolls over Basic with a fresh EC key; returns the key and certificate. */
    static Credential basicEnroll(String cn, String password) throws Exception {
        return basicEnroll("simpleenroll", cn, password);
    }

    static Credential basicEnroll(String path, String cn, String password) throws Exception {
        KeyPair key = Csrs.ecKey();
        RawHttps.Response r = post(path, Csrs.base64Wrapped(Csrs.der(Csrs.csr(key, "CN=" + cn)))
                .getBytes(StandardCharsets.US_ASCII), null, PKCS10, basic(cn, password));
        assertEquals(200, r.status(), r.text());
        return new Credential(key, certificate(r));
    }

    /** The one certificate of a certs-only response body. */
    static X509Certificate certificate(RawHttps.Response r) throws Exception {
        CMSSignedData cms = new CMSSignedData(Base64.getMimeDecoder().decode(r.body()));
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> certs = cms.getCertificates().getMatches(null);
        assertEquals(1, certs.size());
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certs.iterator().next().getEncoded()));
    }

    static byte[] b64(byte[] der) {
        return Csrs.base64Wrapped(der).getBytes(StandardCharsets.US_ASCII);
    }

    record Credential(KeyPair key, X509Certificate certificate) {
        KeyManager[] keyManagers() {
            return Csrs.clientKeys(key.getPrivate(), certificate);
        }
    }
}
