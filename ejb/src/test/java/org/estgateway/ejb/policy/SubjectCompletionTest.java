// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.estgateway.ejb.TestCsrs;
import org.estgateway.ejb.error.MalformedRequest;
import org.estgateway.ejb.pki.Pkcs10Request;
import org.junit.jupiter.api.Test;

class SubjectCompletionTest {

    private static GeneralName dns(String name) {
        return new GeneralName(GeneralName.dNSName, name);
    }

    private static GeneralName ip(String address) {
        return new GeneralName(GeneralName.iPAddress, address);
    }

    private static List<GeneralName> sans(SubjectCompletion.Completed completed) {
        return completed.subjectAltNames().map(g -> List.of(g.getNames())).orElse(List.of());
    }

    @Test
    void requestWithADnsNameSanKeepsItsSansAndSubjectUntouched() {
        Pkcs10Request request = TestCsrs.csr("CN=device-1,O=Example").dnsName("other.example")
                .unstructuredName("ignored.example").unstructuredAddress("192.0.2.1").request();
        SubjectCompletion.Completed completed = SubjectCompletion.complete(request);
        assertEquals(List.of(dns("other.example")), sans(completed));
        assertSame(request.subject(), completed.subject());
    }

    @Test
    void requestWithAnIpAddressSanKeepsItsSansUntouched() {
        Pkcs10Request request = TestCsrs.csr("CN=device-1").ipAddress("192.0.2.1").request();
        assertEquals(List.of(ip("192.0.2.1")), sans(SubjectCompletion.complete(request)));
    }

    @Test
    void withoutSansTheCommonNameHostBecomesTheDnsName() {
        SubjectCompletion.Completed completed = SubjectCompletion.complete(
                TestCsrs.csr("CN=device-1.example,O=Example").request());
        assertEquals(List.of(dns("device-1.example")), sans(completed));
        assertEquals(new X500Name("CN=device-1.example,O=Example"), completed.subject());
    }

    @Test
    void withoutSansTheUnstructuredNameBecomesTheDnsNameInPreferenceToTheCommonName() {
        SubjectCompletion.Completed completed = SubjectCompletion.complete(
                TestCsrs.csr("CN=device-1").unstructuredName("device-1.plant.example").request());
        assertEquals(List.of(dns("device-1.plant.example")), sans(completed));
    }

    @Test
    void withoutSansAnIpv4UnstructuredAddressBecomesAnIpAddress() {
        SubjectCompletion.Completed completed = SubjectCompletion.complete(
                TestCsrs.csr("CN=device-1").unstructuredAddress("192.0.2.7").request());
        assertEquals(List.of(dns("device-1"), ip("192.0.2.7")), sans(completed));
    }

    @Test
    void withoutSansAnIpv6UnstructuredAddressBecomesAnIpAddress() {
        SubjectCompletion.Completed completed = SubjectCompletion.complete(
                TestCsrs.csr("CN=device-1").unstructuredAddress("2001:db8::1").request());
        assertEquals(List.of(dns("device-1"), ip("2001:db8::1")), sans(completed));
        assertEquals(16, ASN1OctetString.getInstance(sans(completed).get(1).getName()).getOctets().length);
    }

    @Test
    void anUnstructuredAddressThatIsNotAnIpAddressIsMalformed() {
        Pkcs10Request request = TestCsrs.csr("CN=device-1").unstructuredAddress("not-an-ip").request();
        MalformedRequest e = assertThrows(MalformedRequest.class, () -> SubjectCompletion.complete(request));
        assertTrue(e.getMessage().contains("not-an-ip"), e.getMessage());
    }

    @Test
    void aCommonNameThatIsAnIpLiteralBecomesAnIpAddressSan() {
        assertEquals(List.of(ip("192.0.2.9")), sans(SubjectCompletion.complete(TestCsrs.csr("CN=192.0.2.9").request())));
        assertEquals(List.of(ip("2001:db8::9")),
                sans(SubjectCompletion.complete(TestCsrs.csr("CN=2001:db8::9").request())));
    }

    @Test
    void aCommonNameThatIsNotAHostNameGivesNoDnsName() {
        SubjectCompletion.Completed completed = SubjectCompletion.complete(TestCsrs.csr("CN=Meter 17").request());
        assertEquals(Optional.empty(), completed.subjectAltNames());
        assertEquals(new X500Name("CN=Meter 17"), completed.subject());
    }

    @Test
    void withoutACommonNameItIsCopiedFromTheDnsNameSan() {
        SubjectCompletion.Completed completed = SubjectCompletion.complete(
                TestCsrs.csr("O=Example").dnsName("device-1.example").request());
        assertEquals(Optional.of("device-1.example"), SubjectCompletion.commonName(completed.subject()));
        assertEquals(1, completed.subject().getRDNs(BCStyle.O).length, "the rest of the subject is kept");
        assertEquals(List.of(dns("device-1.example")), sans(completed));
    }

    @Test
    void withoutCommonNameAndSansTheUnstructuredNameGivesBothDnsNameAndCommonName() {
        SubjectCompletion.Completed completed = SubjectCompletion.complete(
                TestCsrs.csr().unstructuredName("device-1.example").request());
        assertEquals(List.of(dns("device-1.example")), sans(completed));
        assertEquals(Optional.of("device-1.example"), SubjectCompletion.commonName(completed.subject()));
    }

    @Test
    void emptyRequestStaysEmpty() {
        SubjectCompletion.Completed completed = SubjectCompletion.complete(TestCsrs.csr().request());
        assertEquals(0, completed.subject().getRDNs().length);
        assertEquals(Optional.empty(), completed.subjectAltNames());
    }

    @Test
    void anEmailOnlySanDoesNotStopCompletion() {
        SubjectCompletion.Completed completed = SubjectCompletion.complete(
                TestCsrs.csr("CN=device-1").email("ops@example.com").request());
        assertEquals(List.of(new GeneralName(GeneralName.rfc822Name, "ops@example.com"), dns("device-1")),
                sans(completed));
    }

    @Test
    void ipAddressParsesOnlyIpLiterals() {
        assertEquals(Optional.of(ip("10.0.0.1")), SubjectCompletion.ipAddress("10.0.0.1"));
        assertEquals(Optional.of(ip("::1")), SubjectCompletion.ipAddress("::1"));
        assertEquals(Optional.empty(), SubjectCompletion.ipAddress(""));
        assertEquals(Optional.empty(), SubjectCompletion.ipAddress("host.example"));
        assertEquals(Optional.empty(), SubjectCompletion.ipAddress("1.2.3"));
        assertEquals(Optional.empty(), SubjectCompletion.ipAddress("300.1.1.1"));
        assertEquals(Optional.empty(), SubjectCompletion.ipAddress("cafe"));
    }

    @Test
    void completedSansAreAValidGeneralNamesStructure() {
        GeneralNames names = SubjectCompletion.complete(TestCsrs.csr("CN=device-1").unstructuredAddress("192.0.2.7")
                .request()).subjectAltNames().orElseThrow();
        assertEquals(names, GeneralNames.getInstance(names.toASN1Primitive()));
    }
}
