// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /crl}: signed by the CA, regenerated on revocation, named in issued certificates (checked with
 * openssl); one CRL per change, stored in table crl and served from there (CrlMultiNodeIT: across nodes).
 */
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

    @Test
    void withoutChangeRepeatedFetchesServeTheSameStoredCrl() throws Exception {
        byte[] first = fetch();
        for (int i = 0; i < 5; i++) {
            byte[] again = fetch();
            assertEquals(number(first), number(again));
            assertArrayEquals(first, again);
        }
        assertEquals(HexFormat.of().formatHex(first), stored(number(first)), "the served CRL is the stored row");
        assertEquals(number(first), TestServer.queryLong("SELECT max(crl_number) FROM crl WHERE ca = 'default'"));
    }

    @Test
    void aRevocationMakesExactlyOneNewCrlEvenUnderTwentyConcurrentFetches() throws Exception {
        long before = number(fetch());
        String cn = TestServer.uniqueName("crl-once");
        TestServer.registerDevice(cn, "device-Secret-1");
        Enroll.Credential cred = Enroll.basicEnroll(cn, "device-Secret-1");
        BigInteger serial = cred.certificate().getSerialNumber();
        assertEquals(200, TestServer.adminPost("/api/v1/certificates/" + serial.toString(16).toUpperCase() + "/revoke",
                "{\"reason\":\"superseded\"}").statusCode());

        int clients = 20;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<byte[]>> fetches = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                fetches.add(pool.submit(() -> {
                    go.await();
                    return fetch();
                }));
            }
            go.countDown();
            List<byte[]> crls = new ArrayList<>();
            for (Future<byte[]> f : fetches) {
                crls.add(f.get(60, TimeUnit.SECONDS));
            }
            long after = number(crls.get(0));
            assertTrue(after > before, after + " after " + before);
            for (byte[] crl : crls) {
                assertEquals(after, number(crl), "every concurrent fetch got the one new CRL");
                assertArrayEquals(crls.get(0), crl);
            }
            assertTrue(new X509CRLHolder(crls.get(0)).getRevokedCertificate(serial) != null, "the revoked serial is listed");
            assertEquals(1, TestServer.queryLong("SELECT count(*) FROM crl WHERE ca = 'default' AND crl_number > ?", before),
                    "exactly one CRL signed for the revocation");
            assertEquals(HexFormat.of().formatHex(crls.get(0)), stored(after), "the served CRL is the stored row");
            assertEquals(after, number(fetch()), "and it stays the one served");
        } finally {
            pool.shutdownNow();
        }
    }

    static byte[] fetch() throws Exception {
        HttpResponse<byte[]> r = TestServer.httpClient(null).send(HttpRequest.newBuilder(
                URI.create("https://" + TestServer.HOST + ":" + TestServer.PORT + "/crl")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    /** RFC 5280 §5.2.3 CRL number. */
    static long number(byte[] crl) throws Exception {
        return ASN1Integer.getInstance(new X509CRLHolder(crl).getExtension(Extension.cRLNumber).getParsedValue())
                .getValue().longValueExact();
    }

    static String stored(long number) {
        return TestServer.queryString("SELECT encode(der, 'hex') FROM crl WHERE ca = 'default' AND crl_number = ?", number);
    }
}
