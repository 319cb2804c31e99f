// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import org.bouncycastle.est.EnrollmentResponse;
import org.bouncycastle.est.jcajce.JcaHttpAuthBuilder;
import org.estgateway.ejb.LibestKeygenRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RFC 7030 §4.4 serverkeygen through Bouncy Castle's client, curl + openssl and raw bytes. */
class ServerKeygenIT {
    static final String PASSWORD = "device-Secret-1";

    @BeforeAll
    static void server() {
        TestServer.awaitReady();
    }

    static void assertKeyMatches(PrivateKey key, X509Certificate cert) throws Exception {
        String alg = key.getAlgorithm().startsWith("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        Signature s = Signature.getInstance(alg);
        s.initSign(key);
        s.update("proof".getBytes(StandardCharsets.US_ASCII));
        byte[] signature = s.sign();
        Signature v = Signature.getInstance(alg);
        v.initVerify(cert.getPublicKey());
        v.update("proof".getBytes(StandardCharsets.US_ASCII));
        assertTrue(v.verify(signature), "the returned private key belongs to the certificate");
    }

    @Test
    void bouncyCastleReceivesKeyAndCertificate() throws Exception {
        String cn = TestServer.uniqueName("keygen-bc");
        TestServer.registerDevice(cn, PASSWORD);
        EnrollmentResponse r = ReenrollRulesIT.est(null, null).simpleEnrollWithServersideCreation(
                Csrs.csr(Csrs.ecKey(), "CN=" + cn), new JcaHttpAuthBuilder("EST", cn, PASSWORD.toCharArray()).build());
        X509Certificate cert = BouncyCastleClientIT.first(r);
        assertNotNull(r.getPrivateKeyInfo(), "a PKCS#8 PrivateKeyInfo part");
        PrivateKey key = KeyFactory.getInstance(cert.getPublicKey().getAlgorithm())
                .generatePrivate(new PKCS8EncodedKeySpec(r.getPrivateKeyInfo().getEncoded()));
        assertKeyMatches(key, cert);
        assertEquals("RSA", key.getAlgorithm(), "the default serverkeygen.keytype is rsa-2048 (libest needs >= 256 bytes)");
        assertEquals("t", TestServer.queryString(
                "SELECT key_generated_by_server FROM issued_certificate WHERE subject_dn LIKE ?", "%" + cn + "%"));
    }

    /**
     * The default procedure's answer as Cisco libest's estclient measures it ({@link LibestKeygenRule}): in the
     * layout libest gets (it sends User-Agent and Connection: 64-column lines) and in the single-line layout.
     */
    @Test
    void defaultAnswerPassesLibestsSizeRule() throws Exception {
        for (boolean libestHeaders : new boolean[] {true, false}) {
            String cn = TestServer.uniqueName("keygen-libest");
            TestServer.registerDevice(cn, PASSWORD);
            byte[] csr = Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn)));
            RawHttps.Response r = libestHeaders
                    ? Enroll.post("serverkeygen", csr, null, "User-Agent: libest 3.2.0", Enroll.PKCS10, Enroll.basic(cn, PASSWORD))
                    : RawHttps.send("POST", "/.well-known/est/serverkeygen", java.util.List.of(Enroll.PKCS10,
                            Enroll.basic(cn, PASSWORD)), csr, null);
            assertEquals(200, r.status(), r.text());
            LibestKeygenRule.Measure m = LibestKeygenRule.measure(LibestKeygenRule.boundary(r.header("Content-Type")),
                    r.body());
            assertTrue(m.accepted(), (libestHeaders ? "wrapped: " : "single line: ") + m);
        }
    }

    @Test
    void rawResponseIsWellFormedMultipart() throws Exception {
        String cn = TestServer.uniqueName("keygen-raw");
        TestServer.registerDevice(cn, PASSWORD);
        RawHttps.Response r = Enroll.post("rsa/serverkeygen", Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn))),
                null, "User-Agent: t", Enroll.PKCS10, Enroll.basic(cn, PASSWORD));
        assertEquals(200, r.status(), r.text());
        String type = r.header("Content-Type");
        assertTrue(type.startsWith("multipart/mixed") && type.contains("boundary="), type);
        String boundary = type.substring(type.indexOf("boundary=") + 9).replace("\"", "");
        String body = r.text();
        assertTrue(body.endsWith("--" + boundary + "--\r\n"), "nothing after the closing delimiter but CRLF");
        assertTrue(body.contains("Content-Type: application/pkcs8"));
        assertTrue(body.contains("Content-Type: application/pkcs7-mime; smime-type=certs-only"));
        String keyPart = body.split("--" + boundary)[1];
        String keyB64 = keyPart.substring(keyPart.indexOf("\r\n\r\n") + 4).strip();
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(
                new PKCS8EncodedKeySpec(java.util.Base64.getMimeDecoder().decode(keyB64)));
        String certPart = body.split("--" + boundary)[2];
        String certB64 = certPart.substring(certPart.indexOf("\r\n\r\n") + 4).strip();
        X509Certificate cert = Enroll.certificate(new RawHttps.Response(200, "", java.util.Map.of(),
                certB64.getBytes(StandardCharsets.US_ASCII)));
        assertKeyMatches(key, cert);
        assertEquals(2048, ((java.security.interfaces.RSAPublicKey) cert.getPublicKey()).getModulus().bitLength(),
                "procedure.rsakeygen.serverkeygen.keytype = rsa-2048");
    }

    @Test
    void curlAndOpensslReadTheKeyPart() {
        Shell.requireProgram("curl");
        String cn = TestServer.uniqueName("keygen-curl");
        TestServer.registerDevice(cn, PASSWORD);
        Path dir = TestServer.workDir("keygen");
        Shell.Result r = Shell.run(dir, "E=" + TestServer.EST + "; CA=" + TestServer.caPem().toAbsolutePath() + "; "
                + "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout throwaway.key -subj /CN=" + cn
                + " -outform DER | base64 -w64 > kg.b64"
                + " && curl -sS --fail --cacert $CA -u " + cn + ":" + PASSWORD + " -H 'Content-Type: application/pkcs10'"
                + " --data-binary @kg.b64 -D headers.txt -o body.txt $E/serverkeygen"
                + " && B=$(grep -i '^content-type:' headers.txt | sed 's/.*boundary=//' | tr -d '\\r\"')"
                + " && tr -d '\\r' < body.txt > body.lf"
                + " && awk -v b=\"--$B\" 'index($0,b)==1{n++;h=1;next} h&&$0==\"\"{h=0;next} !h&&n==1' body.lf | base64 -d > key.der"
                + " && awk -v b=\"--$B\" 'index($0,b)==1{n++;h=1;next} h&&$0==\"\"{h=0;next} !h&&n==2' body.lf"
                + " | base64 -d | openssl pkcs7 -inform DER -print_certs -out kg.pem"
                + " && openssl pkey -inform DER -in key.der -pubout | openssl sha256"
                + " && openssl x509 -in kg.pem -noout -pubkey | openssl sha256");
        assertEquals(0, r.exit(), r.output());
        String[] lines = r.output().strip().split("\n");
        assertEquals(lines[lines.length - 2].replaceAll(".*= ", ""), lines[lines.length - 1].replaceAll(".*= ", ""),
                "key part and certificate carry the same public key");
    }

    @Test
    void raOfficerMayRequestServerGeneratedKeysForDevices() throws Exception {
        Enroll.Credential ra = RaModeIT.officer("ra-officer");
        String cn = TestServer.uniqueName("keygen-ra");
        EnrollmentResponse r = ReenrollRulesIT.est("ra", ra.keyManagers())
                .simpleEnrollWithServersideCreation(Csrs.csr(Csrs.ecKey(), "CN=" + cn), null);
        assertArrayEquals(("CN=" + cn).getBytes(StandardCharsets.UTF_8),
                BouncyCastleClientIT.first(r).getSubjectX500Principal().getName().getBytes(StandardCharsets.UTF_8));
    }
}
