// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.est.CACertsResponse;
import org.bouncycastle.est.CSRRequestResponse;
import org.bouncycastle.est.ESTException;
import org.bouncycastle.est.ESTService;
import org.bouncycastle.est.EnrollmentResponse;
import org.bouncycastle.est.jcajce.JcaHttpAuthBuilder;
import org.bouncycastle.est.jcajce.JsseESTServiceBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bouncy Castle's EST client (org.bouncycastle.est) against the running gateway. */
class BouncyCastleClientIT {
    private static final String REALM = "EST";

    @BeforeAll
    static void server() {
        TestServer.awaitReady();
    }

    static ESTService est(javax.net.ssl.KeyManager[] clientKeys) {
        JsseESTServiceBuilder b = new JsseESTServiceBuilder(TestServer.HOST + ":" + TestServer.PORT,
                (javax.net.ssl.X509TrustManager) TestServer.trust().getTrustManagers()[0]);
        if (clientKeys != null) {
            b.withKeyManagers(clientKeys);
        }
        return b.build();
    }

    static X509Certificate first(EnrollmentResponse response) throws Exception {
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> certs = response.getStore().getMatches(null);
        assertEquals(1, certs.size(), "an enroll response holds only the issued certificate");
        return new JcaX509CertificateConverter().getCertificate(certs.iterator().next());
    }

    @Test
    void cacertsReturnsTheGatewayCa() throws Exception {
        CACertsResponse response = est(null).getCACerts();
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> certs = response.getCertificateStore().getMatches(null);
        assertEquals(1, certs.size());
        assertArrayEquals(TestServer.caCertificate().getEncoded(), certs.iterator().next().getEncoded());
    }

    @Test
    void csrattrsAsksForAnEcP256Key() throws Exception {
        CSRRequestResponse response = est(null).getCSRAttributes();
        assertTrue(response.hasAttributesResponse());
        assertFalse(response.getAttributesResponse().getRequirements().isEmpty());
        assertTrue(response.getAttributesResponse().hasRequirement(
                org.bouncycastle.asn1.x9.X9ObjectIdentifiers.ecdsa_with_SHA256));
    }

    @Test
    void preregisteredDeviceEnrollsWithBasicAfter401ThenReenrollsWithItsCertificate() throws Exception {
        String cn = TestServer.uniqueName("bc-dev");
        TestServer.registerDevice(cn, "device-Secret-1");
        KeyPair key = Csrs.ecKey();
        PKCS10CertificationRequest csr = Csrs.csr(key, "CN=" + cn);

        // BC sends the request anonymously, gets 401 + WWW-Authenticate, then retries with Basic.
        EnrollmentResponse enrolled = est(null).simpleEnroll(false, csr,
                new JcaHttpAuthBuilder(REALM, cn, "device-Secret-1".toCharArray()).build());
        X509Certificate cert = first(enrolled);
        cert.verify(TestServer.caCertificate().getPublicKey());
        assertEquals("CN=" + cn, cert.getSubjectX500Principal().getName());
        X509CertificateHolder holder = new X509CertificateHolder(cert.getEncoded());
        assertTrue(ExtendedKeyUsage.fromExtensions(holder.getExtensions()).hasKeyPurposeId(KeyPurposeId.id_kp_clientAuth));
        assertTrue(cert.getSerialNumber().bitLength() >= 64, "serial has at least 64 random bits");
        assertEquals(1, TestServer.issuedCount(cn));

        // Re-enroll on the TLS client certificate alone: Bouncy Castle sends no Authorization header.
        KeyPair next = Csrs.ecKey();
        EnrollmentResponse renewed = est(Csrs.clientKeys(key.getPrivate(), cert))
                .simpleEnroll(true, Csrs.csr(next, "CN=" + cn), null);
        X509Certificate renewedCert = first(renewed);
        assertEquals(cert.getSubjectX500Principal(), renewedCert.getSubjectX500Principal());
        assertNotEquals(cert.getSerialNumber(), renewedCert.getSerialNumber());
        assertEquals(2, TestServer.issuedCount(cn));
        assertEquals(cert.getSerialNumber().toString(16), TestServer.queryString(
                "SELECT p.serial_hex FROM issued_certificate c JOIN issued_certificate p ON c.renewed_from_id = p.id "
                        + "WHERE c.serial_hex = ?", renewedCert.getSerialNumber().toString(16)),
                "the renewal records the certificate it renewed");
        assertEquals("TLS_CERTIFICATE", TestServer.queryString(
                "SELECT auth_method FROM issued_certificate WHERE serial_hex = ?", renewedCert.getSerialNumber().toString(16)));
    }

    @Test
    void wrongPasswordIsRefusedWith401AndStoresNothing() {
        String cn = TestServer.uniqueName("bc-wrong");
        TestServer.registerDevice(cn, "device-Secret-1");
        ESTException e = assertThrows(ESTException.class, () -> est(null).simpleEnroll(false,
                Csrs.csr(Csrs.ecKey(), "CN=" + cn), new JcaHttpAuthBuilder(REALM, cn, "wrong-password".toCharArray()).build()));
        assertEquals(401, e.getStatusCode());
        assertEquals(0, TestServer.issuedCount(cn));
        assertTrue(TestServer.auditCount(cn, "REFUSED") >= 1 || TestServer.queryLong(
                "SELECT count(*) FROM audit_event WHERE reason LIKE 'unknown device or wrong password%'") >= 1);
    }

    @Test
    void deviceCannotEnrollForAnotherSubject() {
        String cn = TestServer.uniqueName("bc-other");
        TestServer.registerDevice(cn, "device-Secret-1");
        ESTException e = assertThrows(ESTException.class, () -> est(null).simpleEnroll(false,
                Csrs.csr(Csrs.ecKey(), "CN=someone-else.example"),
                new JcaHttpAuthBuilder(REALM, cn, "device-Secret-1".toCharArray()).build()));
        assertEquals(403, e.getStatusCode());
        assertEquals(0, TestServer.issuedCount("someone-else.example"));
        assertEquals(1, TestServer.auditCount(cn, "REFUSED"));
    }

    @Test
    void issuedCertificateVerifiesAgainstCacertsChain() throws Exception {
        String cn = TestServer.uniqueName("bc-chain");
        TestServer.registerDevice(cn, "device-Secret-1");
        X509Certificate cert = first(est(null).simpleEnroll(false, Csrs.csr(Csrs.rsaKey(2048), "CN=" + cn),
                new JcaHttpAuthBuilder(REALM, cn, "device-Secret-1".toCharArray()).build()));
        @SuppressWarnings("unchecked")
        List<X509CertificateHolder> cas = List.copyOf(est(null).getCACerts().getCertificateStore().getMatches(null));
        assertTrue(new X509CertificateHolder(cert.getEncoded()).isSignatureValid(
                new JcaContentVerifierProviderBuilder().setProvider(Csrs.BC).build(cas.get(0))));
    }
}
