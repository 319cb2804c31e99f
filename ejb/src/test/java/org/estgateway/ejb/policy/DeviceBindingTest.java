// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.policy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.estgateway.ejb.TestCsrs;
import org.estgateway.ejb.auth.Requester;
import org.estgateway.ejb.error.Forbidden;
import org.estgateway.ejb.error.MalformedRequest;
import org.junit.jupiter.api.Test;

class DeviceBindingTest {
    private static final Requester.DeviceLogin METER = new Requester.DeviceLogin(1, "meter-17", null, null, null);
    private static final Requester.DeviceLogin REGISTERED = new Requester.DeviceLogin(2, "meter-18", "SN-0018",
            "192.0.2.18", "meter-18.plant.example");

    private static void check(Requester.DeviceLogin device, TestCsrs.Builder csr) {
        DeviceBinding.check(device, SubjectCompletion.complete(csr.request()));
    }

    private static Forbidden refused(Requester.DeviceLogin device, TestCsrs.Builder csr) {
        Forbidden e = assertThrows(Forbidden.class, () -> check(device, csr));
        assertEquals(403, e.status());
        return e;
    }

    @Test
    void deviceMayRequestItsOwnCommonName() {
        assertDoesNotThrow(() -> check(METER, TestCsrs.csr("CN=meter-17,O=Example")));
    }

    @Test
    void deviceMayNotRequestAnotherCommonName() {
        Forbidden e = refused(METER, TestCsrs.csr("CN=meter-99"));
        assertTrue(e.getMessage().contains("commonName"), e.getMessage());
    }

    @Test
    void commonNameIsComparedExactly() {
        refused(METER, TestCsrs.csr("CN=METER-17"));
        refused(METER, TestCsrs.csr().subject(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "meter-17 ")
                .build()));
    }

    @Test
    void deviceMustRequestExactlyOneCommonName() {
        refused(METER, TestCsrs.csr("O=Example"));
        // a second commonName is refused when the request is parsed (CsrLimits, 400)
        assertThrows(MalformedRequest.class, () -> TestCsrs.csr("CN=meter-17,CN=meter-99").request());
    }

    @Test
    void commonNameMayNotHideInAMultiValuedRdn() {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addMultiValuedRDN(new ASN1ObjectIdentifier[] {BCStyle.CN, BCStyle.OU},
                        new String[] {"meter-17", "x"})
                .build();
        refused(METER, TestCsrs.csr().subject(subject));
    }

    @Test
    void registeredSerialNumberMustMatch() {
        assertDoesNotThrow(() -> check(REGISTERED, TestCsrs.csr("CN=meter-18,SERIALNUMBER=SN-0018")));
        Forbidden e = refused(REGISTERED, TestCsrs.csr("CN=meter-18,SERIALNUMBER=SN-0099"));
        assertTrue(e.getMessage().contains("serialNumber"), e.getMessage());
        refused(REGISTERED, TestCsrs.csr("CN=meter-18"));
    }

    @Test
    void withoutARegisteredSerialNumberAnySerialNumberIsAccepted() {
        assertDoesNotThrow(() -> check(METER, TestCsrs.csr("CN=meter-17,SERIALNUMBER=anything")));
    }

    @Test
    void dnsNameSanMayBeTheCommonNameInAnyCase() {
        assertDoesNotThrow(() -> check(METER, TestCsrs.csr("CN=meter-17").dnsName("METER-17")));
    }

    @Test
    void dnsNameSanOtherThanTheCommonNameIsRefused() {
        Forbidden e = refused(METER, TestCsrs.csr("CN=meter-17").dnsName("evil.example"));
        assertTrue(e.getMessage().contains("dNSName"), e.getMessage());
        refused(METER, TestCsrs.csr("CN=meter-17").dnsName("meter-17").dnsName("evil.example"));
    }

    @Test
    void unstructuredNameOtherThanTheCommonNameIsRefusedOnceCompleted() {
        refused(METER, TestCsrs.csr("CN=meter-17").unstructuredName("evil.example"));
    }

    @Test
    void registeredDnsNameIsAccepted() {
        assertDoesNotThrow(() -> check(REGISTERED,
                TestCsrs.csr("CN=meter-18,SERIALNUMBER=SN-0018").dnsName("meter-18.plant.example")));
    }

    @Test
    void ipAddressSanIsAcceptedOnlyWhenRegistered() {
        assertDoesNotThrow(() -> check(REGISTERED,
                TestCsrs.csr("CN=meter-18,SERIALNUMBER=SN-0018").dnsName("meter-18").ipAddress("192.0.2.18")));
        refused(REGISTERED, TestCsrs.csr("CN=meter-18,SERIALNUMBER=SN-0018").ipAddress("192.0.2.99"));
        Forbidden e = refused(METER, TestCsrs.csr("CN=meter-17").ipAddress("192.0.2.17"));
        assertTrue(e.getMessage().contains("iPAddress"), e.getMessage());
    }

    @Test
    void unstructuredAddressIsCheckedLikeAnIpAddressSan() {
        refused(METER, TestCsrs.csr("CN=meter-17").unstructuredAddress("192.0.2.17"));
        assertDoesNotThrow(() -> check(REGISTERED,
                TestCsrs.csr("CN=meter-18,SERIALNUMBER=SN-0018").unstructuredAddress("192.0.2.18")));
    }

    @Test
    void emailSanIsRefused() {
        refused(METER, TestCsrs.csr("CN=meter-17").dnsName("meter-17").email("meter-17@example.com"));
    }

    @Test
    void serialNumberMayNotBeSmuggledInAMultiValuedRdn() {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, "meter-18")
                .addMultiValuedRDN(new ASN1ObjectIdentifier[] {BCStyle.O, BCStyle.SERIALNUMBER},
                        new String[] {"SN-0018", "SN-9999999"})
                .build();
        refused(REGISTERED, TestCsrs.csr().subject(subject));
    }
}
