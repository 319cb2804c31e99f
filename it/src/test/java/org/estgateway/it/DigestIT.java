// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.est.ESTException;
import org.bouncycastle.est.jcajce.JcaHttpAuthBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTP Digest (RFC 7616) on handlers with authtype = Digest: curl --digest, Bouncy Castle, raw replays. */
class DigestIT {
    static final String PASSWORD = "digest-Secret-1";
    static final String REALM = "EST Digest";

    @BeforeAll
    static void server() {
        TestServer.awaitReady();
    }

    static String device() {
        String cn = TestServer.uniqueName("dg");
        TestServer.registerDevice(cn, PASSWORD);
        return cn;
    }

    @Test
    void curlDigestEnrollsWithMd5AndWithSha256() {
        Shell.requireProgram("curl");
        for (String label : List.of("digest", "digest256")) {
            String cn = device();
            Path dir = TestServer.workDir("digest-" + label);
            Shell.Result r = Shell.run(dir, "E=" + TestServer.EST + "; CA=" + TestServer.caPem().toAbsolutePath() + "; "
                    + "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout k.pem -subj /CN=" + cn
                    + " -outform DER | base64 -w64 > csr.b64 && curl -sS --fail --digest -u '" + cn + ":" + PASSWORD + "'"
                    + " --cacert $CA -H 'Content-Type: application/pkcs10' --data-binary @csr.b64 $E/" + label + "/simpleenroll"
                    + " | base64 -d | openssl pkcs7 -inform DER -print_certs | openssl x509 -noout -subject");
            assertEquals(0, r.exit(), label + ": " + r.output());
            assertEquals(1, TestServer.issuedCount(cn), label);
            assertEquals("HTTP_DIGEST", TestServer.queryString(
                    "SELECT auth_method FROM issued_certificate WHERE subject_dn LIKE ?", "%" + cn + "%"));
        }
    }

    @Test
    void bouncyCastleDigestEnrolls() throws Exception {
        for (String label : List.of("digest", "digest256")) {
            String cn = device();
            BouncyCastleClientIT.first(ReenrollRulesIT.est(label, null).simpleEnroll(false, Csrs.csr(Csrs.ecKey(), "CN=" + cn),
                    new JcaHttpAuthBuilder(REALM, cn, PASSWORD.toCharArray()).setNonceGenerator(new SecureRandom()).build()));
            assertEquals(1, TestServer.issuedCount(cn), label);
        }
    }

    @Test
    void wrongDigestPasswordIs401AndCounts() throws Exception {
        String cn = device();
        ESTException e = assertThrows(ESTException.class, () -> ReenrollRulesIT.est("digest", null).simpleEnroll(false,
                Csrs.csr(Csrs.ecKey(), "CN=" + cn), new JcaHttpAuthBuilder(REALM, cn, "wrong-password".toCharArray())
                        .setNonceGenerator(new SecureRandom()).build()));
        assertEquals(401, e.getStatusCode());
        assertEquals(0, TestServer.issuedCount(cn));
        assertEquals(1, TestServer.queryLong("SELECT failed_attempts FROM device WHERE common_name = ?", cn));
    }

    @Test
    void challengesOfferTheConfiguredAlgorithmsAndBasicIsRefused() throws Exception {
        String cn = device();
        byte[] csr = Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn)));
        RawHttps.Response both = Enroll.post("digest/simpleenroll", csr, null, Enroll.PKCS10);
        assertEquals(401, both.status());
        List<String> challenges = both.headers().get("www-authenticate");
        assertEquals(2, challenges.size(), challenges.toString());
        assertTrue(challenges.get(0).contains("algorithm=\"MD5\"") && challenges.get(1).contains("algorithm=\"SHA-256\""));
        assertTrue(challenges.get(0).contains("realm=\"EST Digest\"") && challenges.get(0).contains("qop=\"auth\""));
        RawHttps.Response sha = Enroll.post("digest256/simpleenroll", csr, null, Enroll.PKCS10);
        assertEquals(List.of("SHA-256"), sha.headers().get("www-authenticate").stream()
                .map(c -> c.replaceAll(".*algorithm=\"([^\"]+)\".*", "$1")).toList());
        RawHttps.Response basic = Enroll.post("digest/simpleenroll", csr, null, Enroll.PKCS10, Enroll.basic(cn, PASSWORD));
        assertEquals(401, basic.status(), "a Digest handler does not accept Basic");
        assertTrue(basic.header("WWW-Authenticate").startsWith("Digest "));
        assertEquals(0, TestServer.issuedCount(cn));
    }

    @Test
    void aReplayedResponseAndAForgedNonceAreRefused() throws Exception {
        String cn = device();
        String authorization = authorization(cn, freshNonce(), PASSWORD);
        byte[] csr = Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn)));
        assertEquals(200, post(csr, authorization).status());
        RawHttps.Response replay = post(csr, authorization);
        assertEquals(401, replay.status());
        assertEquals(1, TestServer.issuedCount(cn));
        String forged = authorization(cn, FORGED_NONCE, PASSWORD);
        assertEquals(401, post(csr, forged).status());
        assertEquals(1, TestServer.issuedCount(cn));
        assertEquals(0, TestServer.queryLong("SELECT failed_attempts FROM device WHERE common_name = ?", cn),
                "protocol errors are not counted as wrong passwords");
    }

    /**
     * Enumeration: whatever is wrong, the answer to a name that exists reads like the answer to one that does not
     * (status and body; the reasons differ only in the audit trail), and a device without Digest
     * credentials for the realm answers like a wrong password without counting as one.
     */
    @Test
    void refusalsReadTheSameWhetherTheDeviceExistsOrNot() throws Exception {
        String cn = device();
        String unknown = TestServer.uniqueName("dg-none");
        byte[] csr = Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn)));
        RawHttps.Response forgedKnown = post(csr, authorization(cn, FORGED_NONCE, PASSWORD));
        RawHttps.Response forgedUnknown = post(csr, authorization(unknown, FORGED_NONCE, PASSWORD));
        assertEquals(401, forgedKnown.status());
        assertEquals(forgedUnknown.status() + " " + forgedUnknown.text(), forgedKnown.status() + " " + forgedKnown.text());
        RawHttps.Response wrongKnown = post(csr, authorization(cn, freshNonce(), "wrong-password"));
        RawHttps.Response wrongUnknown = post(csr, authorization(unknown, freshNonce(), "wrong-password"));
        assertEquals(401, wrongKnown.status());
        assertEquals(wrongUnknown.status() + " " + wrongUnknown.text(), wrongKnown.status() + " " + wrongKnown.text());
        assertEquals(1, TestServer.queryLong("SELECT failed_attempts FROM device WHERE common_name = ?", cn));

        assertEquals(2, TestServer.queryLong("WITH d AS (DELETE FROM device_digest WHERE realm = ? AND device_id = (SELECT id"
                + " FROM device WHERE common_name = ?) RETURNING 1) SELECT count(*) FROM d", REALM, cn), "MD5 and SHA-256");
        RawHttps.Response noCredentials = post(csr, authorization(cn, freshNonce(), PASSWORD));
        assertEquals(wrongUnknown.status() + " " + wrongUnknown.text(), noCredentials.status() + " " + noCredentials.text());
        assertEquals(1, TestServer.queryLong("SELECT failed_attempts FROM device WHERE common_name = ?", cn),
                "missing credentials are the device's setup, not a guessed password");
        assertEquals(0, TestServer.issuedCount(cn));
    }

    static final String URI = "/.well-known/est/digest/simpleenroll";
    static final String FORGED_NONCE = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    static RawHttps.Response post(byte[] csr, String authorization) throws Exception {
        return Enroll.post("digest/simpleenroll", csr, null, Enroll.PKCS10, authorization);
    }

    /** A nonce the server issued just now, from the challenge of an unauthenticated request. */
    static String freshNonce() throws Exception {
        RawHttps.Response challenge = Enroll.post("digest/simpleenroll",
                Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=challenge"))), null, Enroll.PKCS10);
        Matcher m = Pattern.compile("nonce=\"([^\"]+)\"").matcher(challenge.header("WWW-Authenticate"));
        assertTrue(m.find(), challenge.headers().toString());
        return m.group(1);
    }

    /** The Authorization header of a POST to {@link #URI}: MD5, nc 1, a fixed cnonce. */
    static String authorization(String user, String nonce, String password) throws Exception {
        String ha1 = md5(user + ":" + REALM + ":" + password);
        String ha2 = md5("POST:" + URI);
        String response = md5(ha1 + ":" + nonce + ":00000001:0a4f113b:auth:" + ha2);
        return "Authorization: Digest username=\"" + user + "\", realm=\"" + REALM + "\", nonce=\"" + nonce + "\", uri=\""
                + URI + "\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"0a4f113b\", response=\"" + response + "\"";
    }

    static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
