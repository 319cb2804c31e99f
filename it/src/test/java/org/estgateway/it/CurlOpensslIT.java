// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The INTEROP.md curl + openssl recipes, run as written. */
class CurlOpensslIT {
    static Path dir;

    @BeforeAll
    static void server() {
        TestServer.awaitReady();
        Shell.requireProgram("curl");
        Shell.requireProgram("openssl");
        dir = TestServer.workDir("curl");
    }

    static String env() {
        return "E=" + TestServer.EST + "; CA=" + TestServer.caPem().toAbsolutePath() + "; ";
    }

    static Shell.Result sh(String script) {
        return Shell.run(dir, env() + script);
    }

    @Test
    void cacertsBootstrapMatchesTheCaFile() {
        Shell.Result r = sh("curl -sS --fail -k $E/cacerts | base64 -d | openssl pkcs7 -inform DER -print_certs -out ca-fetched.pem"
                + " && openssl x509 -in ca-fetched.pem -noout -fingerprint -sha256 && openssl x509 -in $CA -noout -fingerprint -sha256");
        assertEquals(0, r.exit(), r.output());
        String[] lines = r.output().strip().split("\n");
        assertEquals(lines[0], lines[1], "fetched CA equals the CA on disk");
    }

    @Test
    void csrattrsParsesWithAsn1parse() {
        Shell.Result r = sh("curl -sS --fail --cacert $CA $E/csrattrs | base64 -d | openssl asn1parse -inform DER");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("ecdsa-with-SHA256"), r.output());
    }

    @Test
    void enrollWithBasicThenReenrollWithClientCertificate() {
        String cn = TestServer.uniqueName("curl-dev");
        TestServer.registerDevice(cn, "curl-Secret-1");
        assertEquals(0, sh("openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout " + cn + ".key"
                + " -subj /CN=" + cn + " -outform DER -out " + cn + ".der && base64 -w64 " + cn + ".der > " + cn + ".b64").exit());
        Shell.Result enroll = sh("curl -sS --fail --cacert $CA -u " + cn + ":curl-Secret-1 -H 'Content-Type: application/pkcs10'"
                + " --data-binary @" + cn + ".b64 $E/simpleenroll | base64 -d | openssl pkcs7 -inform DER -print_certs -out "
                + cn + ".pem && openssl verify -CAfile $CA " + cn + ".pem");
        assertEquals(0, enroll.exit(), enroll.output());
        assertTrue(enroll.output().contains(": OK"), enroll.output());

        Shell.Result reenroll = sh("openssl req -new -key " + cn + ".key -subj /CN=" + cn + " -outform DER | base64 -w64 > re.b64"
                + " && curl -sS --fail --cacert $CA --cert " + cn + ".pem --key " + cn + ".key -H 'Content-Type: application/pkcs10'"
                + " --data-binary @re.b64 $E/simplereenroll | base64 -d | openssl pkcs7 -inform DER -print_certs -out re.pem"
                + " && openssl verify -CAfile $CA re.pem && openssl x509 -in re.pem -noout -subject");
        assertEquals(0, reenroll.exit(), reenroll.output());
        assertTrue(reenroll.output().contains("CN = " + cn) || reenroll.output().contains("CN=" + cn), reenroll.output());
        assertEquals(2, TestServer.issuedCount(cn));
    }

    @Test
    void tls11AndBelowAreRefused() {
        Shell.Result r = sh("curl -sS --cacert $CA --tls-max 1.1 $E/cacerts");
        assertTrue(r.exit() != 0, "TLS 1.1 must not connect: " + r.output());
        Shell.Result tls12 = sh("curl -sS --fail --cacert $CA --tlsv1.2 --tls-max 1.2 -o /dev/null $E/cacerts");
        assertEquals(0, tls12.exit(), tls12.output());
    }
}
