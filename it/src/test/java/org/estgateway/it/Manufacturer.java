// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A device manufacturer's CA, made fresh by a test, issuing factory (IDevID) certificates. */
final class Manufacturer {
    final KeyPair key = Csrs.ecKey();
    final X509Certificate ca;

    Manufacturer(String name) throws Exception {
        X500Name subject = new X500Name("CN=" + name + " Manufacturing CA,O=" + name);
        ca = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(subject,
                BigInteger.valueOf(System.nanoTime()), Date.from(Instant.now().minus(Duration.ofDays(1))),
                Date.from(Instant.now().plus(Duration.ofDays(3650))), subject, key.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Csrs.BC).build(key.getPrivate())));
    }

    /** A factory certificate for a device key, valid from {@code from} to {@code to}. */
    Enroll.Credential factoryCertificate(String subject, Instant from, Instant to) throws Exception {
        KeyPair device = Csrs.ecKey();
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()), BigInteger.valueOf(System.nanoTime()),
                Date.from(from), Date.from(to), new X500Name(subject), device.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(Csrs.BC).build(key.getPrivate())));
        return new Enroll.Credential(device, cert);
    }

    Enroll.Credential factoryCertificate(String subject) throws Exception {
        return factoryCertificate(subject, Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(3650)));
    }

    static String pem(X509Certificate cert) throws Exception {
        String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n";
        return pem.replace("\n", "\\n"); // escaped for a JSON string
    }

    /** Registers this manufacturer's CA through the API (no restart involved). */
    void registerAsTrustAnchor() throws Exception {
        var r = TestServer.adminPost("/api/v1/trust-anchors", "{\"certificate\":\"" + pem(ca) + "\"}");
        if (r.statusCode() != 201) {
            throw new AssertionError("trust anchor registration answered " + r.statusCode() + ": " + r.body());
        }
    }

    static void registerFactory(X509Certificate cert, String commonName) throws Exception {
        var r = TestServer.adminPost("/api/v1/factory-certificates",
                "{\"certificate\":\"" + pem(cert) + "\",\"commonName\":\"" + commonName + "\"}");
        if (r.statusCode() != 201) {
            throw new AssertionError("factory certificate registration answered " + r.statusCode() + ": " + r.body());
        }
    }
}
