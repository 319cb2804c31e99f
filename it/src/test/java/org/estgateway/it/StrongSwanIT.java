// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** strongSwan's pki --estca / --est (its own TLS and HTTP stack; single-line base64 only). */
class StrongSwanIT {
    static Path dir;

    @BeforeAll
    static void server() {
        TestServer.awaitReady();
        Shell.requireProgram("pki");
        dir = TestServer.workDir("strongswan");
    }

    static Shell.Result sh(String script) {
        return Shell.run(dir, "URL=https://" + TestServer.HOST + ":" + TestServer.PORT + "; CA="
                + TestServer.caPem().toAbsolutePath() + "; " + script);
    }

    @Test
    void estcaFetchesTheTrustedCa() {
        Shell.Result r = sh("pki --estca --url $URL --cacert $CA --caout ss-ca.pem --outform pem --force"
                + " && openssl x509 -in ss-ca.pem -noout -fingerprint -sha256 && openssl x509 -in $CA -noout -fingerprint -sha256");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("Root CA cert is trusted"), r.output());
    }

    @Test
    void enrollsWithUserpassAndReenrollsWithItsCertificate() {
        String cn = TestServer.uniqueName("ss-dev");
        TestServer.registerDevice(cn, "swan-Secret-1");
        Shell.Result enroll = sh("pki --gen --type ecdsa --size 256 --outform pem > k.pem"
                + " && pki --req --type priv --in k.pem --dn CN=" + cn + " --outform der > req.der"
                + " && pki --est --url $URL --cacert $CA --in req.der --userpass " + cn + ":swan-Secret-1 --outform pem > c.pem"
                + " && openssl verify -CAfile $CA c.pem");
        assertEquals(0, enroll.exit(), enroll.output());
        assertEquals(1, TestServer.issuedCount(cn));

        Shell.Result reenroll = sh("pki --est --url $URL --cacert $CA --in req.der --cert c.pem --key k.pem --outform pem > c2.pem"
                + " && openssl verify -CAfile $CA c2.pem && ! cmp -s c.pem c2.pem");
        assertEquals(0, reenroll.exit(), reenroll.output());
        assertEquals(2, TestServer.issuedCount(cn));
    }

    @Test
    void wrongPasswordFails() {
        String cn = TestServer.uniqueName("ss-bad");
        TestServer.registerDevice(cn, "swan-Secret-1");
        Shell.Result r = sh("pki --gen --type ecdsa --size 256 --outform pem > kb.pem"
                + " && pki --req --type priv --in kb.pem --dn CN=" + cn + " --outform der > reqb.der"
                + " && pki --est --url $URL --cacert $CA --in reqb.der --userpass " + cn + ":wrong-password --outform pem > cb.pem");
        assertTrue(r.exit() != 0, r.output());
        assertTrue(r.output().contains("401"), r.output());
        assertEquals(0, TestServer.issuedCount(cn));
    }
}
