// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.estgateway.ejb.TestCa;
import org.estgateway.ejb.TestCsrs;
import org.estgateway.ejb.TestCsrs.KeyKind;
import org.estgateway.ejb.error.MalformedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class Pkcs10RequestTest {

    @Test
    void parsesAValidCsrFromABase64Body() {
        TestCsrs.Builder builder = TestCsrs.csr("CN=device-1,O=Example");
        byte[] der = builder.der();
        Pkcs10Request request = Pkcs10Request.fromBody(Base64.getEncoder().encode(der));
        assertEquals(new X500Name("CN=device-1,O=Example"), request.subject());
        assertEquals(SubjectPublicKeyInfo.getInstance(builder.keyPair().getPublic().getEncoded()), request.publicKey());
        assertArrayEquals(der, request.der());
    }

    @Test
    void equalRequestsCompareByDer() {
        byte[] der = TestCsrs.csr("CN=device-1").der();
        assertEquals(Pkcs10Request.fromDer(der), Pkcs10Request.fromDer(der));
        assertEquals(Pkcs10Request.fromDer(der).hashCode(), Pkcs10Request.fromDer(der).hashCode());
        assertEquals(Fingerprint.sha256(der), Pkcs10Request.fromDer(der).sha256());
    }

    @Test
    void refusesGarbageDer() {
        assertThrows(MalformedRequest.class, () -> Pkcs10Request.fromDer(new byte[] {1, 2, 3, 4, 5}));
        // well-formed DER, but SEQUENCE { INTEGER 1 } is not a CertificationRequest
        assertThrows(MalformedRequest.class, () -> Pkcs10Request.fromDer(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}));
        assertThrows(MalformedRequest.class,
                () -> Pkcs10Request.fromBody("aGVsbG8gd29ybGQ=".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void refusesATruncatedCsr() {
        byte[] der = TestCsrs.csr("CN=device-1").der();
        byte[] truncated = java.util.Arrays.copyOf(der, der.length - 10);
        assertThrows(MalformedRequest.class, () -> Pkcs10Request.fromDer(truncated));
    }

    @Test
    void refusesACertificateInsteadOfACsr() {
        byte[] certificate = TestCa.create().certificate().der();
        MalformedRequest e = assertThrows(MalformedRequest.class, () -> Pkcs10Request.fromDer(certificate));
        assertTrue(e.getMessage().contains("PKCS#10"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(KeyKind.class)
    void signatureOfAWellSignedRequestIsValid(KeyKind kind) {
        assertTrue(TestCsrs.csr("CN=device-1").key(kind).request().signatureValid());
    }

    @ParameterizedTest
    @EnumSource(KeyKind.class)
    void signatureWithAFlippedBitIsInvalid(KeyKind kind) {
        assertFalse(TestCsrs.csr("CN=device-1").key(kind).brokenRequest().signatureValid());
    }

    @Test
    void signatureMadeWithAnotherKeyIsInvalid() throws IOException {
        // the request carries the P-256 public key of one pair but is signed by another P-256 key
        byte[] carried = TestCsrs.csr("CN=device-1").der();
        byte[] other = TestCsrs.csr("CN=device-1").keyPair(KeyKind.EC_P256, TestCsrs.generate(KeyKind.EC_P256)).der();
        ASN1Sequence a = ASN1Sequence.getInstance(carried);
        ASN1Sequence b = ASN1Sequence.getInstance(other);
        byte[] mixed = new DERSequence(new ASN1Encodable[] {a.getObjectAt(0), b.getObjectAt(1), b.getObjectAt(2)})
                .getEncoded(ASN1Encoding.DER);
        assertFalse(Pkcs10Request.fromDer(mixed).signatureValid());
    }

    @Test
    void subjectAltNamesComeFromTheExtensionRequest() {
        Pkcs10Request request = TestCsrs.csr("CN=device-1").dnsName("device-1.example").ipAddress("192.0.2.7")
                .request();
        GeneralNames sans = request.subjectAltNames().orElseThrow();
        assertEquals(List.of(new GeneralName(GeneralName.dNSName, "device-1.example"),
                new GeneralName(GeneralName.iPAddress, "192.0.2.7")), List.of(sans.getNames()));
    }

    @Test
    void noExtensionRequestMeansNoSubjectAltNames() {
        Pkcs10Request request = TestCsrs.csr("CN=device-1").request();
        assertTrue(request.subjectAltNames().isEmpty());
        assertTrue(request.requestedExtensions().isEmpty());
    }

    @Test
    void challengePasswordAttributeIsDetected() {
        assertTrue(TestCsrs.csr("CN=device-1").challengePassword("secret").request().hasChallengePassword());
        assertFalse(TestCsrs.csr("CN=device-1").request().hasChallengePassword());
    }

    @Test
    void unstructuredNameAndAddressAreReadFromTheRequestAttributes() {
        Pkcs10Request request = TestCsrs.csr("CN=device-1").unstructuredName("device-1.example")
                .unstructuredAddress("192.0.2.7").request();
        assertEquals(List.of("device-1.example"), request.unstructuredNames());
        assertEquals(List.of("192.0.2.7"), request.unstructuredAddresses());
    }

    @Test
    void unstructuredNameAndAddressAreReadFromTheSubject() {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "device-1")
                .addRDN(BCStyle.UnstructuredName, "device-1.example")
                .addRDN(BCStyle.UnstructuredAddress, "2001:db8::1").build();
        Pkcs10Request request = TestCsrs.csr().subject(subject).request();
        assertEquals(List.of("device-1.example"), request.unstructuredNames());
        assertEquals(List.of("2001:db8::1"), request.unstructuredAddresses());
    }

    @Test
    void attributeValuesComeBeforeSubjectValues() {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "device-1")
                .addRDN(BCStyle.UnstructuredName, "from-subject.example").build();
        Pkcs10Request request = TestCsrs.csr().subject(subject).unstructuredName("from-attribute.example").request();
        assertEquals(List.of("from-attribute.example", "from-subject.example"), request.unstructuredNames());
    }

    @Test
    void noUnstructuredValuesGiveEmptyLists() {
        Pkcs10Request request = TestCsrs.csr("CN=device-1").request();
        assertEquals(List.of(), request.unstructuredNames());
        assertEquals(List.of(), request.unstructuredAddresses());
    }

    @Test
    void unstructuredNameInAMultiValuedRdnIsReadFromItsOwnAttribute() {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addMultiValuedRDN(new ASN1ObjectIdentifier[] {BCStyle.CN, BCStyle.UnstructuredName},
                        new String[] {"Meter 17", "meter17.example"})
                .build();
        Pkcs10Request request = TestCsrs.csr().subject(subject).request();
        assertEquals(List.of("meter17.example"), request.unstructuredNames());
    }

    @Test
    void anExtensionRequestThatIsNotExtensionsIsMalformed() {
        TestCsrs.Builder csr = TestCsrs.csr("CN=device-1")
                .attribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, new ASN1Integer(5));
        assertThrows(MalformedRequest.class, csr::request); // refused when parsed (CsrLimits)
    }

    @Test
    void aSubjectAltNameThatIsNotGeneralNamesIsMalformed() throws IOException {
        Extensions extensions = new Extensions(new Extension(Extension.subjectAlternativeName, false,
                new DEROctetString(new ASN1Integer(5).getEncoded(ASN1Encoding.DER))));
        TestCsrs.Builder csr = TestCsrs.csr("CN=device-1")
                .attribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions);
        assertThrows(MalformedRequest.class, csr::request); // refused when parsed (CsrLimits)
    }
}
