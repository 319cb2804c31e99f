// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.pki;

import static org.estgateway.ejb.HostileCsrs.sans;
import static org.estgateway.ejb.HostileCsrs.subject;
import static org.estgateway.ejb.HostileCsrs.withSubject;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.estgateway.ejb.HostileCsrs;
import org.estgateway.ejb.TestCsrs;
import org.estgateway.ejb.TestCsrs.KeyKind;
import org.estgateway.ejb.error.MalformedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class CsrLimitsTest {

    private static MalformedRequest refused(byte[] der, String reason) {
        MalformedRequest e = assertThrows(MalformedRequest.class, () -> Pkcs10Request.fromDer(der));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        return e;
    }

    @ParameterizedTest
    @EnumSource(value = KeyKind.class, names = {"RSA_2048", "EC_P256", "EC_P384", "EC_P521", "ED25519"})
    void requestsAsRealClientsBuildThemPass(KeyKind kind) {
        byte[] der = TestCsrs.csr("CN=meter-17,OU=Plant 1,OU=Line 2,O=Example GmbH,L=Köln,ST=NRW,C=DE,"
                + "SERIALNUMBER=SN-0017,E=ops@example.com,DC=plant,DC=example").key(kind)
                .dnsName("meter-17.plant.example").ipAddress("192.0.2.17").ipAddress("2001:db8::17")
                .email("ops@example.com").san(new GeneralName(GeneralName.uniformResourceIdentifier, "urn:dev:17"))
                .unstructuredName("meter-17").der();
        assertEquals(new X500Name("CN=meter-17,OU=Plant 1,OU=Line 2,O=Example GmbH,L=Köln,ST=NRW,C=DE,"
                + "SERIALNUMBER=SN-0017,E=ops@example.com,DC=plant,DC=example"), Pkcs10Request.fromDer(der).subject());
    }

    @Test
    void anEmptySubjectWithSansPasses() {
        assertDoesNotThrow(() -> TestCsrs.csr().dnsName("meter-17.example").request());
    }

    @Test
    void versionOtherThanZeroIsRefused() {
        refused(HostileCsrs.version("meter-17", -1), "version must be 0");
        refused(HostileCsrs.version("meter-17", 1), "version must be 0");
        assertDoesNotThrow(() -> Pkcs10Request.fromDer(HostileCsrs.version("meter-17", 0)));
    }

    @Test
    void berLengthsOutsideTheSignedPartAreRefused() {
        byte[] der = HostileCsrs.valid("meter-17");
        refused(HostileCsrs.berOuterLength(der), "shortest form");
        byte[] threeByteLength = HostileCsrs.berOuterLength(der);
        byte[] fourByteLength = new byte[threeByteLength.length + 1];
        fourByteLength[0] = 0x30;
        fourByteLength[1] = (byte) 0x84;
        System.arraycopy(threeByteLength, 2, fourByteLength, 3, threeByteLength.length - 2);
        refused(fourByteLength, "length field longer than a CSR needs");
        refused(HostileCsrs.berIndefiniteLength(der), "indefinite length");
        refused(HostileCsrs.trailingBytes(der), "bytes after the end");
    }

    @Test
    void oversizedRequestIsRefused() {
        Attribute big = new Attribute(new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"),
                new DERSet(new DEROctetString(new byte[17 * 1024])));
        refused(withSubject(subject("meter-17"), big), "at most 16384");
    }

    @Test
    void nulAndControlCharactersInSubjectValuesAreRefused() {
        refused(withSubject(subject(BCStyle.CN, new DERUTF8String("meter\u000017"))), "U+0000");
        refused(withSubject(subject(BCStyle.O, new DERUTF8String("Example\u007f"))), "U+007F");
        refused(withSubject(subject(BCStyle.O, new DERUTF8String("Example\u0085"))), "U+0085");
        refused(withSubject(subject(BCStyle.CN, new DERUTF8String("evil\u202etxt.exe"))), "U+202E");
        refused(withSubject(subject(BCStyle.CN, new DERPrintableString("meter\n17"))), "U+000A");
    }

    @Test
    void subjectValuesLongerThanTheirUpperBoundAreRefused() {
        refused(withSubject(subject(BCStyle.CN, new DERUTF8String("x".repeat(4000)))), "must be 1 to 64");
        refused(withSubject(subject(BCStyle.CN, new DERUTF8String("x".repeat(65)))), "must be 1 to 64");
        refused(withSubject(subject(BCStyle.CN, new DERUTF8String(""))), "must be 1 to 64");
        refused(withSubject(subject(BCStyle.L, new DERUTF8String("x".repeat(129)))), "must be 1 to 128");
        refused(withSubject(subject(BCStyle.EmailAddress, new DERIA5String("a@" + "x".repeat(300)))), "1 to 255");
        assertDoesNotThrow(() -> Pkcs10Request.fromDer(withSubject(subject(BCStyle.CN, new DERUTF8String("ü".repeat(64))))));
    }

    @Test
    void countryIsTwoLettersInAPrintableString() {
        refused(withSubject(subject(BCStyle.C, new DERPrintableString("DEU"))), "must be 1 to 2");
        refused(withSubject(subject(BCStyle.C, new DERUTF8String("DE"))), "string type not allowed");
        refused(withSubject(subject(BCStyle.C, new DERPrintableString("1A"))), "ISO 3166");
    }

    @Test
    void stringTypesMustMatchTheirContent() {
        refused(withSubject(subject(BCStyle.CN, HostileCsrs.raw(0x0c, 0x02, 0xc3, 0x28))), "invalid UTF-8");
        refused(withSubject(subject(BCStyle.CN, HostileCsrs.raw(0x13, 0x02, 'a', '*'))), "outside its string type");
        refused(withSubject(subject(BCStyle.CN, new DEROctetString(new byte[] {1}))), "string type not allowed");
        refused(withSubject(subject(BCStyle.CN, new DERIA5String("meter-17"))), "string type not allowed");
        refused(withSubject(subject(BCStyle.SERIALNUMBER, new DERUTF8String("SN-1"))), "string type not allowed");
    }

    @Test
    void subjectSizeAndRepeatsAreBounded() {
        refused(withSubject(HostileCsrs.manyOrganizationalUnits("meter-17", 20)), "more than 20 attributes");
        assertDoesNotThrow(() -> Pkcs10Request.fromDer(withSubject(HostileCsrs.manyOrganizationalUnits("meter-17", 10))));
        refused(TestCsrs.csr("CN=meter-17,CN=other").der(), "CN appears more than once");
        refused(TestCsrs.csr("CN=meter-17,O=a,O=b").der(), "O appears more than once");
    }

    @Test
    void duplicateSubjectAltNamesAreRefused() {
        refused(HostileCsrs.duplicateDnsNames("meter-17.example", 9000), "at most 16384");
        refused(HostileCsrs.duplicateDnsNames("m.example", 150), "150 names, at most 100");
        refused(HostileCsrs.duplicateDnsNames("meter-17.example", 2), "duplicate dNSName");
        refused(TestCsrs.csr().dnsName("Meter-17.example").dnsName("meter-17.EXAMPLE").der(), "duplicate dNSName");
        refused(TestCsrs.csr().ipAddress("192.0.2.1").ipAddress("192.0.2.1").der(), "duplicate iPAddress");
        refused(TestCsrs.csr().email("a@example.com").email("A@example.com").der(), "duplicate rfc822Name");
    }

    @Test
    void subjectAltNameCountIsBounded() {
        TestCsrs.Builder many = TestCsrs.csr();
        for (int i = 0; i < 101; i++) {
            many.dnsName("host-" + i + ".example");
        }
        refused(many.der(), "101 names, at most 100");
    }

    @ParameterizedTest
    @ValueSource(strings = {"meter\u000017.example", "meter 17.example", "-meter.example", "meter..example",
        "meter.example.", "\u00fcber.example", "*"})
    void dnsNamesMustBeHostNames(String name) {
        refused(withSubject(subject("meter-17"), sans(new GeneralName(GeneralName.dNSName, name))), "dNSName");
    }

    @Test
    void generalNamesAreBoundedAndWellFormed() {
        String longDns = ("a".repeat(63) + ".").repeat(4) + "ab";
        refused(withSubject(subject("m"), sans(new GeneralName(GeneralName.dNSName, longDns))), "must be 1 to 253");
        refused(withSubject(subject("m"), sans(new GeneralName(GeneralName.rfc822Name, "nobody"))), "not a mailbox");
        refused(withSubject(subject("m"), sans(new GeneralName(GeneralName.uniformResourceIdentifier, "no-scheme"))),
                "URI without a scheme");
        refused(withSubject(subject("m"), sans(new GeneralName(GeneralName.uniformResourceIdentifier,
                "https://example.com/" + "x".repeat(1100)))), "must be 1 to 1024");
        refused(withSubject(subject("m"), sans(new GeneralName(GeneralName.iPAddress,
                new DEROctetString(new byte[8])))), "iPAddress of 8 bytes");
        refused(withSubject(subject("m"), sans(new GeneralName(GeneralName.registeredID,
                new ASN1ObjectIdentifier("1.2.3")), new GeneralName(GeneralName.x400Address,
                new org.bouncycastle.asn1.DERSequence(new ASN1Integer(1))))), "x400Address");
        assertDoesNotThrow(() -> Pkcs10Request.fromDer(withSubject(subject("m"),
                sans(new GeneralName(GeneralName.dNSName, "*.plant.example"), new GeneralName(GeneralName.dNSName,
                        "_srv.plant.example")))));
    }

    @Test
    void attributesAndExtensionsAreBoundedAndUnique() {
        Extension ku = new Extension(Extension.keyUsage, true, HostileCsrs.der(new KeyUsage(KeyUsage.digitalSignature)));
        Attribute twice = new Attribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest,
                new DERSet(new org.bouncycastle.asn1.ASN1Encodable[] {
                    new org.bouncycastle.asn1.x509.Extensions(ku), new org.bouncycastle.asn1.x509.Extensions(
                            new Extension(Extension.basicConstraints, false, new byte[] {0x30, 0}))}));
        refused(withSubject(subject("m"), twice), "has 2 values");
        Extension[] seventeen = new Extension[17];
        for (int i = 0; i < 17; i++) {
            seventeen[i] = new Extension(new ASN1ObjectIdentifier("1.3.6.1.4.1.99999." + i), false, new byte[] {5, 0});
        }
        refused(withSubject(subject("m"), HostileCsrs.extensions(seventeen)), "more than 16 requested extensions");
        Attribute[] attributes = new Attribute[17];
        for (int i = 0; i < 17; i++) {
            attributes[i] = new Attribute(new ASN1ObjectIdentifier("1.3.6.1.4.1.99999." + i), new DERSet(new ASN1Integer(i)));
        }
        refused(withSubject(subject("m"), attributes), "more than 16 CSR attributes");
        refused(withSubject(subject("m"), HostileCsrs.extensions(new Extension(Extension.keyUsage, false,
                new byte[] {0x03, (byte) 0x81, 0x02, 0x05, (byte) 0xa0}))), "extension 2.5.29.15 is not strict DER");
    }

    @Test
    void unknownCsrAttributesAreRefusedAndWindowsEnrollmentAttributesAccepted() {
        refused(withSubject(subject("m"), new Attribute(new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1"),
                new DERSet(new org.bouncycastle.asn1.DEROctetString(new byte[] {1, 2, 3})))),
                "CSR attribute 1.3.6.1.4.1.99999.1 is not one this gateway accepts");
        CsrLimits.parse(withSubject(subject("m"), new Attribute(new ASN1ObjectIdentifier("1.3.6.1.4.1.311.13.2.3"),
                new DERSet(new org.bouncycastle.asn1.DERIA5String("10.0.19045.2")))));
    }

    @Test
    void pkcs9StringAttributesFollowTheStringRules() {
        refused(TestCsrs.csr("CN=m").unstructuredName("meter\u000017").der(), "U+0000");
        refused(TestCsrs.csr("CN=m").challengePassword("x".repeat(256)).der(), "must be 1 to 255");
    }

    @Test
    void versionAndEveryRefusalHappenBeforeTheSignatureIsLookedAt() {
        // a broken signature on an otherwise hostile request: the structural reason is reported
        refused(TestCsrs.withBrokenSignature(HostileCsrs.duplicateDnsNames("m.example", 2)), "duplicate dNSName");
    }

    @Test
    void unknownSubjectAttributesAreStillValueChecked() {
        ASN1ObjectIdentifier unknown = new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.7");
        assertDoesNotThrow(() -> Pkcs10Request.fromDer(withSubject(subject(unknown, new DERUTF8String("x")))));
        refused(withSubject(subject(unknown, new DERUTF8String("x".repeat(256)))), "must be 1 to 255");
        refused(withSubject(subject(unknown, new DERUTF8String("a\u0000"))), "U+0000");
    }
}
