// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.pki;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The body of a serverkeygen answer (RFC 7030 §4.4.2): {@code multipart/mixed} with the private key
 * ({@code application/pkcs8}, an unencrypted PKCS#8 PrivateKeyInfo: the TLS session protects it) and the
 * certificate (certs-only), both base64 in the layout the client can read. Nothing follows the closing
 * delimiter but one CRLF (Bouncy Castle rejects more). No padding of any kind: how long the key part is
 * depends only on the key type (see {@code KeyAlgorithms.LIBEST_SERVERKEYGEN}).
 *
 * @param boundary the multipart boundary, for the Content-Type header
 */
public record ServerKeygenBody(String boundary, byte[] bytes) {
    public static final String PKCS8 = "application/pkcs8";
    public static final String CERTS_ONLY = "application/pkcs7-mime; smime-type=certs-only";

    /** With a random boundary. */
    public static ServerKeygenBody of(byte[] pkcs8, CertsOnly certificate, Base64Body.Layout layout) {
        byte[] nonce = new byte[12];
        Crypto.RANDOM.nextBytes(nonce);
        return of(pkcs8, certificate, layout, "est-" + HexFormat.of().formatHex(nonce));
    }

    public static ServerKeygenBody of(byte[] pkcs8, CertsOnly certificate, Base64Body.Layout layout, String boundary) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, boundary, PKCS8, Base64Body.encode(pkcs8, layout));
        part(body, boundary, CERTS_ONLY, Base64Body.encode(certificate.der(), layout));
        ascii(body, "--" + boundary + "--\r\n");
        return new ServerKeygenBody(boundary, body.toByteArray());
    }

    public String contentType() {
        return "multipart/mixed; boundary=" + boundary;
    }

    private static void part(ByteArrayOutputStream body, String boundary, String type, byte[] base64) {
        ascii(body, "--" + boundary + "\r\nContent-Type: " + type + "\r\nContent-Transfer-Encoding: base64\r\n\r\n");
        body.writeBytes(base64);
        ascii(body, "\r\n");
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }
}
