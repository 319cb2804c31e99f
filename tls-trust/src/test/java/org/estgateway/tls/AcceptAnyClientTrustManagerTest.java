// SPDX-License-Identifier: Apache-2.0
package org.estgateway.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AcceptAnyClientTrustManagerTest {
    static final X500Principal GATEWAY = new X500Principal("CN=EST Gateway CA,O=EST Gateway");
    static final X500Principal ACME = new X500Principal("CN=Acme Manufacturing CA,O=Acme");

    @AfterEach
    void clear() {
        ClientCaNames.publish(List.of());
    }

    static List<X500Principal> subjects(X509Certificate[] names) {
        return Arrays.stream(names).map(X509Certificate::getSubjectX500Principal).toList();
    }

    @Test
    void advertisesKeyStoreCaFirstThenPublishedNamesWithoutDuplicates() {
        var tm = new AcceptAnyClientTrustManager(List.of(GATEWAY));
        assertEquals(List.of(GATEWAY), subjects(tm.getAcceptedIssuers()));
        ClientCaNames.publish(List.of(ACME, GATEWAY));
        assertEquals(List.of(GATEWAY, ACME), subjects(tm.getAcceptedIssuers()));
        ClientCaNames.publish(List.of());
        assertEquals(List.of(GATEWAY), subjects(tm.getAcceptedIssuers()));
    }

    @Test
    void listStaysWithinTheCertificateRequestLimit() {
        List<X500Principal> many = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            many.add(new X500Principal("CN=Manufacturer CA number " + i + ",O=Some Manufacturer"));
        }
        X509Certificate[] names = AcceptAnyClientTrustManager.names(List.of(GATEWAY), many);
        int bytes = Arrays.stream(names).mapToInt(n -> 2 + n.getSubjectX500Principal().getEncoded().length).sum();
        assertTrue(bytes <= AcceptAnyClientTrustManager.MAX_CA_LIST_BYTES, "bytes " + bytes);
        assertEquals(GATEWAY, names[0].getSubjectX500Principal(), "the gateway CA is never left out");
        assertTrue(names.length < 3001);
    }

    @Test
    void everyClientChainCompletesTheHandshakeButNoServerIsTrusted() throws Exception {
        var tm = new AcceptAnyClientTrustManager(List.of(GATEWAY));
        X509Certificate name = tm.getAcceptedIssuers()[0];
        tm.checkClientTrusted(new X509Certificate[] {name}, "EC");
        assertThrows(CertificateException.class, () -> tm.checkClientTrusted(new X509Certificate[0], "EC"));
        assertThrows(CertificateException.class, () -> tm.checkServerTrusted(new X509Certificate[] {name}, "EC"));
        assertArrayEquals(tm.getAcceptedIssuers(), tm.getAcceptedIssuers());
    }
}
