// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.cert.X509CertificateHolder;
import org.estgateway.ejb.error.MalformedRequest;

/** A DER-encoded X.509 certificate. Immutable; compares by bytes. */
public final class CertificateDer {
    private final byte[] der;
    private final X509CertificateHolder holder;

    private CertificateDer(byte[] der, X509CertificateHolder holder) {
        this.der = der;
        this.holder = holder;
    }

    public static CertificateDer parse(byte[] der) {
        try {
            return new CertificateDer(der.clone(), new X509CertificateHolder(der));
        } catch (IOException | RuntimeException e) {
            throw new MalformedRequest("not a DER certificate");
        }
    }

    /** Parses one PEM certificate ("-----BEGIN CERTIFICATE-----" ...). */
    public static CertificateDer fromPem(String pem) {
        return parse(Base64Body.decode(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    public static CertificateDer of(X509Certificate cert) {
        try {
            return parse(cert.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new MalformedRequest("not a DER certificate");
        }
    }

    public byte[] der() {
        return der.clone();
    }

    /** Bouncy Castle's view; do not let it leave the pki and ca packages. */
    public X509CertificateHolder holder() {
        return holder;
    }

    public X509Certificate x509() {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalStateException("parsed certificate no longer parses", e);
        }
    }

    public SerialNumber serial() {
        return new SerialNumber(holder.getSerialNumber());
    }

    public Fingerprint sha256() {
        return Fingerprint.sha256(der);
    }

    public String pem() {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CertificateDer c && Arrays.equals(der, c.der);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(der);
    }
}
