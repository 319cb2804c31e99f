// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.est;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.estgateway.ejb.enroll.EnrollmentOutcome;
import org.estgateway.ejb.pki.Base64Body;
import org.estgateway.ejb.pki.Crypto;

/**
 * RFC 7030 §4.4.2: {@code multipart/mixed} with the private key ({@code application/pkcs8}, an unencrypted
 * PKCS#8 PrivateKeyInfo: the TLS session protects it) and the certificate (certs-only), both base64.
 * Nothing follows the closing delimiter but one CRLF (Bouncy Castle rejects more).
 */
final class ServerKeygenResponse {
    private ServerKeygenResponse() {
    }

    static Response of(EnrollmentOutcome.KeyGenerated generated, Base64Body.Layout layout) {
        byte[] nonce = new byte[12];
        Crypto.RANDOM.nextBytes(nonce);
        String boundary = "est-" + HexFormat.of().formatHex(nonce);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, boundary, "application/pkcs8", Base64Body.encode(generated.pkcs8(), layout));
        part(body, boundary, EstMediaTypes.CERTS_ONLY, Base64Body.encode(generated.certsOnly().der(), layout));
        ascii(body, "--" + boundary + "--\r\n");
        byte[] bytes = body.toByteArray();
        return Response.ok(bytes, "multipart/mixed; boundary=" + boundary)
                .header(HttpHeaders.CONTENT_LENGTH, bytes.length)
                .header("Cache-Control", "no-store")
                .build();
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
