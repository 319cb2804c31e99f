// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.est;

/** RFC 7030 §3.2.4 / RFC 8951 media types, spelled exactly as clients compare them. */
public final class EstMediaTypes {
    /** cacerts; Bouncy Castle compares it exactly, so no parameters. */
    public static final String PKCS7_MIME = "application/pkcs7-mime";
    /** simpleenroll/simplereenroll; libest compares this prefix, space included. */
    public static final String CERTS_ONLY = "application/pkcs7-mime; smime-type=certs-only";
    public static final String PKCS10 = "application/pkcs10";
    public static final String CSRATTRS = "application/csrattrs";
    public static final String TEXT = "text/plain; charset=utf-8";

    private EstMediaTypes() {
    }
}
