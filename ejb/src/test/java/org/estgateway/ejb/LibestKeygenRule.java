// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * How Cisco libest's estclient measures a serverkeygen answer before it uses it, reproduced for tests.
 *
 * <p>libest ({@code src/est/est_client_http.c}, {@code est_io_get_response_internal} with
 * {@code parse_remaining_multipart_payload} and its {@code part_data_cb}; {@code src/est/multipart_parser.c},
 * state {@code s_part_data}) takes as a part's data the bytes after the blank line that ends the part headers
 * up to the first CR followed, one or two bytes later, by '-': the base64 text exactly as sent, line breaks
 * included, without the part headers and without the CRLF before the delimiter. A part counts as the key when
 * its Content-Type starts with {@code application/pkcs8}, as the certificate when it starts with
 * {@code application/pkcs7-mime; smime-type=certs-only}; Content-Transfer-Encoding must be base64. Then
 * {@code if (*key_buf_len < EST_MIN_CLIENT_PKEY_LEN || *cert_buf_len < EST_MIN_CLIENT_CERT_LEN)} fails with
 * "Malformed payload; data too short" ({@code src/est/est.h}: 256 and 128), and {@code est_client.c}
 * ({@code est_client_send_enroll_request_internal}) refuses a key over {@code EST_MAX_CLIENT_PKEY_LEN} (8192)
 * or a certificate over {@code EST_MAX_CLIENT_CERT_LEN} (4096).
 */
public final class LibestKeygenRule {
    public static final int MIN_KEY = 256;
    public static final int MIN_CERT = 128;
    public static final int MAX_KEY = 8192;
    public static final int MAX_CERT = 4096;

    /** The part lengths as libest measures them; -1 when the part is missing. */
    public record Measure(int key, int cert) {
        public boolean accepted() {
            return key >= MIN_KEY && key <= MAX_KEY && cert >= MIN_CERT && cert <= MAX_CERT;
        }

        @Override
        public String toString() {
            return "key part " + key + " bytes (libest: " + MIN_KEY + ".." + MAX_KEY + "), certificate part " + cert
                    + " bytes (" + MIN_CERT + ".." + MAX_CERT + ")";
        }
    }

    private LibestKeygenRule() {
    }

    /** Measures a multipart/mixed body given the boundary of its Content-Type. */
    public static Measure measure(String boundary, byte[] body) {
        String text = new String(body, StandardCharsets.ISO_8859_1);
        String delimiter = "--" + boundary;
        int key = -1;
        int cert = -1;
        int at = text.indexOf(delimiter);
        while (at >= 0) {
            int headersStart = at + delimiter.length();
            if (text.startsWith("--", headersStart)) {
                break; // closing delimiter
            }
            headersStart = text.indexOf("\r\n", headersStart) + 2;
            int headersEnd = text.indexOf("\r\n\r\n", headersStart - 2);
            if (headersStart < 2 || headersEnd < 0) {
                break;
            }
            String headers = headersEnd > headersStart ? text.substring(headersStart, headersEnd) : "";
            int dataStart = headersEnd + 4;
            int dataEnd = dataStart;
            while (dataEnd < text.length() && !(text.charAt(dataEnd) == '\r' && (charAt(text, dataEnd + 1) == '-'
                    || charAt(text, dataEnd + 2) == '-'))) {
                dataEnd++;
            }
            String type = header(headers, "Content-Type");
            boolean base64 = header(headers, "Content-Transfer-Encoding").startsWith("base64");
            if (base64 && type.startsWith("application/pkcs8")) {
                key = dataEnd - dataStart;
            } else if (base64 && type.startsWith("application/pkcs7-mime; smime-type=certs-only")) {
                cert = dataEnd - dataStart;
            }
            at = text.indexOf(delimiter, dataEnd);
        }
        return new Measure(key, cert);
    }

    /** The boundary parameter of a multipart/mixed Content-Type. */
    public static String boundary(String contentType) {
        int i = contentType.toLowerCase(Locale.ROOT).indexOf("boundary=");
        return contentType.substring(i + 9).split(";", 2)[0].strip().replace("\"", "");
    }

    private static char charAt(String s, int i) {
        return i < s.length() ? s.charAt(i) : 0;
    }

    private static String header(String headers, String name) {
        for (String line : headers.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).strip();
            }
        }
        return "";
    }
}
