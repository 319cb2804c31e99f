// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.X509Certificate;
import org.bouncycastle.est.ESTException;
import org.bouncycastle.est.ESTService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC §4.4 RA mode: an administrator grants an officer role to a certificate of this gateway
 * ({@code POST /api/v1/certificates/{serial}/roles}); on a handler with {@code requiredRoRoles} that certificate
 * enrolls devices with other subjects.
 */
class RaModeIT {
    static final String PASSWORD = "device-Secret-1";

    @BeforeAll
    static void server() {
        TestServer.awaitReady();
    }

    static Enroll.Credential officer(String role) throws Exception {
        Enroll.Credential ra = ReenrollRulesIT.enrolled("ra");
        if (role != null) {
            var granted = TestServer.adminPost("/api/v1/certificates/" + ra.certificate().getSerialNumber().toString(16)
                    + "/roles", "{\"role\":\"" + role + "\"}");
            assertEquals(200, granted.statusCode(), granted.body());
            assertTrue(granted.body().contains("\"roles\":[\"" + role + "\"]"), granted.body());
        }
        return ra;
    }

    @Test
    void officerEnrollsTwoDevices() throws Exception {
        Enroll.Credential ra = officer("ra-officer");
        ESTService est = ReenrollRulesIT.est("ra", ra.keyManagers());
        for (String prefix : new String[] {"ra-dev-a", "ra-dev-b"}) {
            String cn = TestServer.uniqueName(prefix);
            X509Certificate cert = BouncyCastleClientIT.first(est.simpleEnroll(false, Csrs.csr(Csrs.ecKey(), "CN=" + cn), null));
            assertEquals("CN=" + cn, cert.getSubjectX500Principal().getName());
            assertEquals(1, TestServer.issuedCount(cn));
            assertTrue(TestServer.queryString("SELECT created_by FROM device WHERE common_name = ?", cn).startsWith("RA "),
                    "the device is registered on the RA's behalf");
        }
    }

    @Test
    void certificateWithoutTheRoleIsRefused() throws Exception {
        Enroll.Credential plain = officer(null);
        String cn = TestServer.uniqueName("ra-denied");
        ESTException e = assertThrows(ESTException.class, () -> ReenrollRulesIT.est("ra", plain.keyManagers())
                .simpleEnroll(false, Csrs.csr(Csrs.ecKey(), "CN=" + cn), null));
        assertEquals(403, e.getStatusCode());
        assertEquals(0, TestServer.issuedCount(cn));
    }

    @Test
    void wrongRoleIsRefusedAndNoneAdmitsAnyGatewayCertificate() throws Exception {
        Enroll.Credential other = officer("auditor-officer");
        String cn = TestServer.uniqueName("ra-none");
        ESTException e = assertThrows(ESTException.class, () -> ReenrollRulesIT.est("ra", other.keyManagers())
                .simpleEnroll(false, Csrs.csr(Csrs.ecKey(), "CN=" + cn), null));
        assertEquals(403, e.getStatusCode());
        BouncyCastleClientIT.first(ReenrollRulesIT.est("ra-any", other.keyManagers())
                .simpleEnroll(false, Csrs.csr(Csrs.ecKey(), "CN=" + cn), null));
        assertEquals(1, TestServer.issuedCount(cn));
    }

    @Test
    void passwordAloneDoesNotOpenAnRaHandler() throws Exception {
        String cn = TestServer.uniqueName("ra-pw");
        TestServer.registerDevice(cn, PASSWORD);
        RawHttps.Response r = Enroll.post("ra/simpleenroll", Enroll.b64(Csrs.der(Csrs.csr(Csrs.ecKey(), "CN=" + cn))),
                null, Enroll.PKCS10, Enroll.basic(cn, PASSWORD));
        assertEquals(401, r.status());
        assertEquals(0, TestServer.issuedCount(cn));
    }

    @Test
    void revokedOfficerIsRefused() throws Exception {
        Enroll.Credential ra = officer("ra-officer");
        assertEquals(200, TestServer.adminPost("/api/v1/certificates/" + ra.certificate().getSerialNumber().toString(16)
                + "/revoke", "{\"reason\":\"privilegeWithdrawn\"}").statusCode());
        String cn = TestServer.uniqueName("ra-revoked");
        ESTException e = assertThrows(ESTException.class, () -> ReenrollRulesIT.est("ra", ra.keyManagers())
                .simpleEnroll(false, Csrs.csr(Csrs.ecKey(), "CN=" + cn), null));
        assertEquals(403, e.getStatusCode());
        assertEquals(0, TestServer.issuedCount(cn));
    }
}
