// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.estgateway.ejb.HostileCsrs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CSRs of the incident (certificates issued from mutated CSRs, a 300,000-bit RSA exponent, NUL and 4 KB
 * subject values reaching PostgreSQL) sent over real TLS to simpleenroll by a preregistered device: each is
 * refused with 400 and a short text/plain reason, and no certificate row is added for the device.
 */
class HostileCsrIT {
    static final String PASSWORD = "device-Secret-1";

    @BeforeAll
    static void server() {
        TestServer.awaitReady();
    }

    static Stream<Arguments> hostileCsrs() {
        return Stream.of(
                hostile("1000 duplicate dNSNames (over 16 KiB)", cn -> HostileCsrs.duplicateDnsNames(cn, 1000), "at most 16384"),
                hostile("150 duplicate dNSNames", cn -> HostileCsrs.duplicateDnsNames(cn, 150), "at most 100"),
                hostile("one dNSName twice, case differs", cn -> HostileCsrs.withSubject(HostileCsrs.subject(cn),
                        HostileCsrs.sans(new GeneralName(GeneralName.dNSName, cn + ".example"),
                                new GeneralName(GeneralName.dNSName, cn.toUpperCase() + ".EXAMPLE"))), "duplicate dNSName"),
                hostile("dNSName with a NUL", cn -> HostileCsrs.withSubject(HostileCsrs.subject(cn),
                        HostileCsrs.sans(new GeneralName(GeneralName.dNSName, cn + "\u0000.evil.example"))), "U+0000"),
                hostile("subject attribute with an unknown OID", cn -> HostileCsrs.withSubject(new X500Name(new RDN[] {
                    new RDN(new AttributeTypeAndValue(BCStyle.CN, new DERUTF8String(cn))),
                    new RDN(new AttributeTypeAndValue(new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"),
                            new DERUTF8String("x")))})), "not one the gateway certifies"),
                hostile("version -1", cn -> HostileCsrs.version(cn, -1), "version must be 0"),
                hostile("BER long-form outer length", cn -> HostileCsrs.berOuterLength(HostileCsrs.valid(cn)), "shortest form"),
                hostile("BER indefinite outer length", cn -> HostileCsrs.berIndefiniteLength(HostileCsrs.valid(cn)),
                        "indefinite length"),
                hostile("bytes after the request", cn -> HostileCsrs.trailingBytes(HostileCsrs.valid(cn)), "after the end"),
                hostile("RSA exponent of 300,000 bits", cn -> HostileCsrs.rsaWithHugeExponent(cn, 300_000), "at most 16384"),
                hostile("RSA exponent of 60,000 bits", cn -> HostileCsrs.rsaWithHugeExponent(cn, 60_000), "public exponent"),
                hostile("RSA exponent 3", HostileCsrs::rsaExponent3, "public exponent"),
                hostile("EC point off the curve", HostileCsrs::ecPointOffCurve, "EC P-256"),
                hostile("NUL in the commonName", cn -> HostileCsrs.withSubject(
                        HostileCsrs.subject(BCStyle.CN, new DERUTF8String(cn + "\u0000x"))), "U+0000"),
                hostile("4 KB commonName", cn -> HostileCsrs.withSubject(
                        HostileCsrs.subject(BCStyle.CN, new DERUTF8String(cn + "x".repeat(4096)))), "must be 1 to 64"),
                hostile("4 KB organization", cn -> HostileCsrs.withSubject(subject(cn, BCStyle.O,
                        new DERUTF8String("x".repeat(4096)))), "must be 1 to 64"),
                hostile("DEL in the organization", cn -> HostileCsrs.withSubject(subject(cn, BCStyle.O,
                        new DERUTF8String("Example\u007f"))), "U+007F"),
                hostile("C1 control in the locality", cn -> HostileCsrs.withSubject(subject(cn, BCStyle.L,
                        new DERUTF8String("K\u0085ln"))), "U+0085"),
                hostile("UTF8String that is not UTF-8", cn -> HostileCsrs.withSubject(subject(cn, BCStyle.O,
                        HostileCsrs.raw(0x0c, 0x02, 0xc3, 0x28))), "invalid UTF-8"),
                hostile("three-letter country", cn -> HostileCsrs.withSubject(subject(cn, BCStyle.C,
                        new DERPrintableString("DEU"))), "must be 1 to 2"),
                hostile("two commonNames", cn -> HostileCsrs.withSubject(subject(cn, BCStyle.CN,
                        new DERUTF8String("other"))), "appears more than once"));
    }

    private static Arguments hostile(String name, Function<String, byte[]> csr, String reason) {
        return Arguments.of(name, csr, reason);
    }

    /** CN=cn followed by one more attribute. */
    private static X500Name subject(String cn, ASN1ObjectIdentifier type, org.bouncycastle.asn1.ASN1Encodable value) {
        return new X500Name(new RDN[] {new RDN(new AttributeTypeAndValue(BCStyle.CN, new DERUTF8String(cn))),
            new RDN(new AttributeTypeAndValue(type, value))});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileCsrs")
    void hostileCsrIsRefusedWith400AndNothingIsStored(String name, Function<String, byte[]> csr, String reason)
            throws Exception {
        String cn = TestServer.uniqueName("hostile");
        TestServer.registerDevice(cn, PASSWORD);
        long start = System.nanoTime();
        RawHttps.Response r = Enroll.post("simpleenroll",
                Csrs.base64Wrapped(csr.apply(cn)).getBytes(StandardCharsets.US_ASCII), null, Enroll.PKCS10,
                Enroll.basic(cn, PASSWORD));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(400, r.status(), name + ": " + r.text());
        assertTrue(r.header("Content-Type").startsWith("text/plain"), r.header("Content-Type"));
        assertTrue(r.text().contains(reason), name + ": expected '" + reason + "' in " + r.text());
        assertTrue(r.body().length < 200, "a short reason: " + r.text());
        assertEquals(0, TestServer.queryLong("SELECT count(*) FROM issued_certificate c JOIN device d"
                + " ON d.id = c.device_id WHERE d.common_name = ?", cn), "no certificate for " + cn);
        assertEquals(0, TestServer.issuedCount(cn), "no certificate with CN=" + cn);
        assertTrue(millis < 5_000, name + " took " + millis + " ms");
    }
}
