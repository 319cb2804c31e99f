// SPDX-License-Identifier: Apache-2.0
package org.estgateway.tls;

import java.math.BigInteger;
import java.security.Principal;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * A distinguished name in the shape {@link javax.net.ssl.X509TrustManager#getAcceptedIssuers()} must return.
 * JSSE reads only {@link #getSubjectX500Principal()} from it to build the CertificateRequest's CA list; it lets
 * the server advertise an issuer whose certificate it does not hold (a preregistered factory certificate's
 * issuer). Anything else about it is unsupported: it is never a certificate anyone verifies.
 */
final class CaName extends X509Certificate {
    private static final long serialVersionUID = 1L;
    private final X500Principal name;

    CaName(X500Principal name) {
        this.name = name;
    }

    @Override
    public X500Principal getSubjectX500Principal() {
        return name;
    }

    @Override
    public X500Principal getIssuerX500Principal() {
        return name;
    }

    @Override
    public Principal getSubjectDN() {
        return name;
    }

    @Override
    public Principal getIssuerDN() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CaName c && c.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "CA name " + name;
    }

    private static UnsupportedOperationException notACertificate() {
        return new UnsupportedOperationException("a CA name for the CertificateRequest, not a certificate");
    }

    @Override
    public void checkValidity() {
        throw notACertificate();
    }

    @Override
    public void checkValidity(Date date) {
        throw notACertificate();
    }

    @Override
    public int getVersion() {
        throw notACertificate();
    }

    @Override
    public BigInteger getSerialNumber() {
        throw notACertificate();
    }

    @Override
    public Date getNotBefore() {
        throw notACertificate();
    }

    @Override
    public Date getNotAfter() {
        throw notACertificate();
    }

    @Override
    public byte[] getTBSCertificate() throws CertificateEncodingException {
        throw new CertificateEncodingException("a CA name, not a certificate");
    }

    @Override
    public byte[] getSignature() {
        throw notACertificate();
    }

    @Override
    public String getSigAlgName() {
        throw notACertificate();
    }

    @Override
    public String getSigAlgOID() {
        throw notACertificate();
    }

    @Override
    public byte[] getSigAlgParams() {
        throw notACertificate();
    }

    @Override
    public boolean[] getIssuerUniqueID() {
        return null;
    }

    @Override
    public boolean[] getSubjectUniqueID() {
        return null;
    }

    @Override
    public boolean[] getKeyUsage() {
        return null;
    }

    @Override
    public int getBasicConstraints() {
        return -1;
    }

    @Override
    public byte[] getEncoded() throws CertificateEncodingException {
        throw new CertificateEncodingException("a CA name, not a certificate");
    }

    @Override
    public void verify(PublicKey key) {
        throw notACertificate();
    }

    @Override
    public void verify(PublicKey key, String sigProvider) {
        throw notACertificate();
    }

    @Override
    public PublicKey getPublicKey() {
        throw notACertificate();
    }

    @Override
    public boolean hasUnsupportedCriticalExtension() {
        return false;
    }

    @Override
    public Set<String> getCriticalExtensionOIDs() {
        return null;
    }

    @Override
    public Set<String> getNonCriticalExtensionOIDs() {
        return null;
    }

    @Override
    public byte[] getExtensionValue(String oid) {
        return null;
    }
}
