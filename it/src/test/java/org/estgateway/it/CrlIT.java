// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /crl}: signed by the CA, regenerated on revocation, named in issued certificates (checked with openssl). */
class CrlIT {
    @BeforeAll
    static void server() {
        TestServer.awaitReady();
    }

    @Test
    void revokedCertificateAppearsInTheCrlAndCannotReenroll() throws Exception {
        Shell.requireProgram("openssl");
        String cn = TestServer.uniqueName("crl");
        TestServer.registerDevice(cn, "device-Secret-1");
        Enroll.Credential cred = Enroll.basicEnroll(cn, "device-Secret-1");
        String serial = cred.certificate().getSerialNumber().toString(16).toUpperCase();
        Path dir = TestServer.workDir("crl");
        Files.write(dir.resolve("leaf.der"), cred.certificate().getEncoded());
        Shell.Result cdp = Shell.run(dir, "openssl x509 -inform DER -in leaf.der -noout -ext crlDistributionPoints");
        assertTrue(cdp.output().contains("URI:https://localhost:8443/crl"), cdp.output());

        assertEquals(200, TestServer.adminPost("/api/v1/certificates/" + serial + "/revoke", "{\"reason\":\"keyCompromise\"}")
                .statusCode());
        Shell.Result crl = Shell.run(dir, "curl -sS --fail --cacert " + TestServer.caPem().toAbsolutePath() + " -o crl.der "
                + "https://" + TestServer.HOST + ":" + TestServer.PORT + "/crl && openssl crl -inform DER -in crl.der -noout "
                + "-CAfile " + TestServer.caPem().toAbsolutePath() + " -text");
        assertEquals(0, crl.exit(), crl.output());
        assertTrue(crl.output().contains("verify OK"), crl.output());
        assertTrue(crl.output().contains("Serial Number: " + (serial.length() % 2 == 1 ? "0" + serial : serial)), crl.output());
        assertTrue(crl.output().contains("Key Compromise"), crl.output());
        assertTrue(crl.output().contains("X509v3 CRL Number"), crl.output());

        RawHttps.Response r = Enroll.post("simplereenroll", Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn))),
                cred.keyManagers(), Enroll.PKCS10);
        assertEquals(403, r.status());
        assertTrue(r.text().contains("revoked"), r.text());
    }
}
