// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.est.ESTException;
import org.bouncycastle.est.jcajce.JcaHttpAuthBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC §4.3 factory-certificate enrollment (format estenroll) through Bouncy Castle's client, with
 * manufacturer CAs created by the test and registered through the API while the server runs.
 */
class FactoryEnrollmentIT {
    @BeforeAll
    static void server() {
        TestServer.awaitReady();
    }

    static long refusedWith(String reasonPart) {
        return TestServer.queryLong("SELECT count(*) FROM audit_event WHERE outcome = 'REFUSED' AND reason LIKE ?",
                "%" + reasonPart + "%");
    }

    @Test
    void manufacturerAddedAtRuntimeAndPreregisteredFactoryCertificateEnrollsWithoutPassword() throws Exception {
        Manufacturer m = new Manufacturer(TestServer.uniqueName("Acme"));
        m.registerAsTrustAnchor();
        String cn = TestServer.uniqueName("fd");
        Enroll.Credential factory = m.factoryCertificate("CN=" + cn + ",SERIALNUMBER=SN-1");
        Manufacturer.registerFactory(factory.certificate(), cn);
        X509Certificate cert = BouncyCastleClientIT.first(ReenrollRulesIT.est("factory", factory.keyManagers())
                .simpleEnroll(false, Csrs.csr(Csrs.ecKey(), "CN=" + cn + ",SERIALNUMBER=SN-1"), null));
        assertEquals(1, TestServer.issuedCount(cn));
        assertTrue(cert.getSubjectX500Principal().getName().contains("CN=" + cn));
        assertEquals("FACTORY_CERTIFICATE", TestServer.queryString(
                "SELECT auth_method FROM issued_certificate WHERE subject_dn LIKE ?", "%" + cn + "%"));
        assertEquals(1, TestServer.queryLong("SELECT count(*) FROM device WHERE common_name = ? AND created_by LIKE 'factory certificate%'", cn),
                "the device is registered on first enrollment");
        // a serialNumber other than the factory certificate's is refused
        ESTException e = assertThrows(ESTException.class, () -> ReenrollRulesIT.est("factory", factory.keyManagers())
                .simpleEnroll(false, Csrs.csr(Csrs.ecKey(), "CN=" + cn + ",SERIALNUMBER=SN-2"), null));
        assertEquals(403, e.getStatusCode());
        assertEquals(1, TestServer.issuedCount(cn));
    }

    @Test
    void mismatchingCommonNameIsRefused() throws Exception {
        Manufacturer m = new Manufacturer(TestServer.uniqueName("Acme"));
        m.registerAsTrustAnchor();
        String cn = TestServer.uniqueName("fd-cn");
        Enroll.Credential factory = m.factoryCertificate("CN=" + cn);
        Manufacturer.registerFactory(factory.certificate(), cn);
        ESTException e = assertThrows(ESTException.class, () -> ReenrollRulesIT.est("factory", factory.keyManagers())
                .simpleEnroll(false, Csrs.csr(Csrs.ecKey(), "CN=other-" + cn), null));
        assertEquals(403, e.getStatusCode());
        assertEquals(0, TestServer.issuedCount(cn));
    }

    @Test
    void unregisteredFactoryCertificateIsRefused() throws Exception {
        Manufacturer m = new Manufacturer(TestServer.uniqueName("Acme"));
        m.registerAsTrustAnchor();
        String cn = TestServer.uniqueName("fd-unreg");
        Enroll.Credential factory = m.factoryCertificate("CN=" + cn);
        ESTException e = assertThrows(ESTException.class, () -> ReenrollRulesIT.est("factory", factory.keyManagers())
                .simpleEnroll(false, Csrs.csr(Csrs.ecKey(), "CN=" + cn), null));
        assertEquals(403, e.getStatusCode());
        assertEquals(0, TestServer.issuedCount(cn));
        assertTrue(refusedWith("factory certificate: not preregistered") >= 1);
    }

    @Test
    void expiredFactoryCertificateIsRefused() throws Exception {
        Manufacturer m = new Manufacturer(TestServer.uniqueName("Acme"));
        m.registerAsTrustAnchor();
        String cn = TestServer.uniqueName("fd-exp");
        Enroll.Credential factory = m.factoryCertificate("CN=" + cn, Instant.now().minus(Duration.ofDays(30)),
                Instant.now().minus(Duration.ofDays(1)));
        Manufacturer.registerFactory(factory.certificate(), cn);
        RawHttps.Response r = Enroll.post("factory/simpleenroll", Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn))),
                factory.keyManagers(), Enroll.PKCS10);
        assertEquals(403, r.status(), r.text());
        assertTrue(r.text().contains("expired"), r.text());
        assertEquals(0, TestServer.issuedCount(cn));
        assertTrue(refusedWith("factory certificate: expired") >= 1);
    }

    @Test
    void unknownIssuerIsRefused() throws Exception {
        Manufacturer unregistered = new Manufacturer(TestServer.uniqueName("Shady"));
        String cn = TestServer.uniqueName("fd-issuer");
        Enroll.Credential factory = unregistered.factoryCertificate("CN=" + cn);
        Manufacturer.registerFactory(factory.certificate(), cn);
        RawHttps.Response r = Enroll.post("factory/simpleenroll", Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn))),
                factory.keyManagers(), Enroll.PKCS10);
        assertEquals(403, r.status(), r.text());
        assertTrue(r.text().contains("unknown issuer"), r.text());
        assertEquals(0, TestServer.issuedCount(cn));
    }

    @Test
    void withoutAnyCertificateTheFactoryHandlerAnswers401() throws Exception {
        String cn = TestServer.uniqueName("fd-nocert");
        TestServer.registerDevice(cn, "device-Secret-1");
        RawHttps.Response r = Enroll.post("factory/simpleenroll", Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn))),
                null, Enroll.PKCS10, Enroll.basic(cn, "device-Secret-1"));
        assertEquals(401, r.status());
        assertEquals(0, TestServer.issuedCount(cn));
    }

    @Test
    void mandatoryPasswordNeedsBothFactoryCertificateAndPassword() throws Exception {
        Manufacturer m = new Manufacturer(TestServer.uniqueName("Acme"));
        m.registerAsTrustAnchor();
        String cn = TestServer.uniqueName("fd-pw");
        Enroll.Credential factory = m.factoryCertificate("CN=" + cn);
        Manufacturer.registerFactory(factory.certificate(), cn);
        TestServer.registerDevice(cn, "device-Secret-1");
        ESTException noPassword = assertThrows(ESTException.class, () -> ReenrollRulesIT.est("factory-pw",
                factory.keyManagers()).simpleEnroll(false, Csrs.csr(Csrs.ecKey(), "CN=" + cn), null));
        assertEquals(401, noPassword.getStatusCode());
        BouncyCastleClientIT.first(ReenrollRulesIT.est("factory-pw", factory.keyManagers()).simpleEnroll(false,
                Csrs.csr(Csrs.ecKey(), "CN=" + cn), new JcaHttpAuthBuilder("EST", cn, "device-Secret-1".toCharArray()).build()));
        assertEquals(1, TestServer.issuedCount(cn));
    }

    @Test
    void factoryAndTrustAnchorApiRefusals() throws Exception {
        Manufacturer m = new Manufacturer(TestServer.uniqueName("Acme"));
        Enroll.Credential leaf = m.factoryCertificate("CN=x");
        assertEquals(400, TestServer.adminPost("/api/v1/trust-anchors", "{\"certificate\":\"" + Manufacturer.pem(leaf.certificate())
                + "\"}").statusCode(), "a trust anchor must be a CA");
        assertEquals(400, TestServer.adminPost("/api/v1/trust-anchors", "{\"certificate\":\"garbage\"}").statusCode());
        assertEquals(400, TestServer.adminPost("/api/v1/factory-certificates", "{\"certificate\":\"" + Manufacturer.pem(leaf.certificate())
                + "\"}").statusCode(), "commonName is required");
        m.registerAsTrustAnchor();
        assertEquals(409, TestServer.adminPost("/api/v1/trust-anchors", "{\"certificate\":\"" + Manufacturer.pem(m.ca)
                + "\"}").statusCode());
        Manufacturer.registerFactory(leaf.certificate(), TestServer.uniqueName("fd-dup"));
        assertEquals(409, TestServer.adminPost("/api/v1/factory-certificates", "{\"certificate\":\"" + Manufacturer.pem(leaf.certificate())
                + "\",\"commonName\":\"again\"}").statusCode());
    }
}
