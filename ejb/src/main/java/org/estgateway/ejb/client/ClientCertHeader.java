// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.client;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.estgateway.ejb.error.MalformedRequest;
import org.estgateway.ejb.pki.CertificateDer;

/**
 * RFC 9440 {@code Client-Cert} and {@code Client-Cert-Chain}: the client certificate a TLS-terminating proxy
 * forwards, as an RFC 8941 structured-field byte sequence ({@code :BASE64-DER:}), and the chain as a list of
 * them. Parameters after a byte sequence are allowed by RFC 8941 and ignored (RFC 9440 defines none). Bounded:
 * one certificate at most {@value #MAX_DER} bytes, a chain at most {@value #MAX_CHAIN} certificates. Every
 * refusal is a {@link MalformedRequest} (400) naming the header, never quoting its value.
 */
public final class ClientCertHeader {
    public static final String CLIENT_CERT = "Client-Cert";
    public static final String CLIENT_CERT_CHAIN = "Client-Cert-Chain";
    static final int MAX_DER = 16 * 1024;
    static final int MAX_CHAIN = 10;
    /** The longest base64 text of {@value #MAX_DER} bytes. */
    static final int MAX_BASE64 = (MAX_DER + 2) / 3 * 4;

    private ClientCertHeader() {
    }

    /** The certificate of the {@code Client-Cert} field lines (exactly one line: the field is an Item). */
    public static CertificateDer certificate(List<String> lines) {
        if (lines.size() != 1) {
            throw new MalformedRequest(CLIENT_CERT + ": more than one header line");
        }
        Cursor c = new Cursor(CLIENT_CERT, lines.get(0));
        c.spaces();
        CertificateDer cert = c.byteSequence();
        c.spaces();
        c.end();
        return cert;
    }

    /** The certificates of the {@code Client-Cert-Chain} field lines (a List; lines are joined with commas). */
    public static List<CertificateDer> chain(List<String> lines) {
        Cursor c = new Cursor(CLIENT_CERT_CHAIN, String.join(",", lines));
        List<CertificateDer> chain = new ArrayList<>();
        c.spaces();
        while (!c.atEnd()) {
            if (chain.size() == MAX_CHAIN) {
                throw new MalformedRequest(CLIENT_CERT_CHAIN + ": more than " + MAX_CHAIN + " certificates");
            }
            chain.add(c.byteSequence());
            c.spaces();
            if (!c.atEnd()) {
                c.expect(',');
                c.spaces();
                if (c.atEnd()) {
                    throw c.malformed("a list may not end with a comma");
                }
            }
        }
        return chain;
    }

    /** RFC 8941 §4.2 parsing over one field value. */
    private static final class Cursor {
        private final String header;
        private final String text;
        private int at;

        Cursor(String header, String text) {
            this.header = header;
            this.text = text;
        }

        boolean atEnd() {
            return at >= text.length();
        }

        void spaces() {
            while (!atEnd() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
                at++;
            }
        }

        void end() {
            if (!atEnd()) {
                throw malformed("unexpected text after the byte sequence");
            }
        }

        void expect(char ch) {
            if (atEnd() || text.charAt(at) != ch) {
                throw malformed("expected '" + ch + "'");
            }
            at++;
        }

        /** {@code :base64:} followed by optional parameters, as one DER certificate. */
        CertificateDer byteSequence() {
            if (atEnd() || text.charAt(at) != ':') {
                throw malformed("not a structured-field byte sequence (:BASE64:)");
            }
            int start = ++at;
            while (!atEnd() && base64Char(text.charAt(at))) {
                if (at - start >= MAX_BASE64) {
                    throw new MalformedRequest(header + ": certificate longer than " + MAX_DER + " bytes");
                }
                at++;
            }
            if (atEnd() || text.charAt(at) != ':') {
                throw malformed("not a structured-field byte sequence (:BASE64:)");
            }
            String base64 = text.substring(start, at++);
            parameters();
            byte[] der;
            try {
                // RFC 8941 §4.2.7: parsers should not fail on missing '=' padding; Java's decoder accepts both
                der = Base64.getDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw malformed("not base64");
            }
            if (der.length > MAX_DER) {
                throw new MalformedRequest(header + ": certificate longer than " + MAX_DER + " bytes");
            }
            try {
                return CertificateDer.parse(der);
            } catch (MalformedRequest e) {
                throw malformed("not a DER certificate");
            }
        }

        /** RFC 8941 parameters: {@code *( ";" *SP key [ "=" bare-item ] )}, read and ignored. */
        private void parameters() {
            while (!atEnd() && text.charAt(at) == ';') {
                at++;
                spaces();
                int start = at;
                while (!atEnd() && keyChar(text.charAt(at), at == start)) {
                    at++;
                }
                if (at == start) {
                    throw malformed("malformed parameter");
                }
                if (!atEnd() && text.charAt(at) == '=') {
                    at++;
                    bareItem();
                }
            }
        }

        private void bareItem() {
            if (atEnd()) {
                throw malformed("malformed parameter");
            }
            char first = text.charAt(at);
            if (first == '"') {
                at++;
                while (!atEnd() && text.charAt(at) != '"') {
                    if (text.charAt(at) == '\\') {
                        at++;
                    }
                    at++;
                }
                expect('"');
                return;
            }
            if (first == ':') {
                int close = text.indexOf(':', at + 1);
                if (close < 0) {
                    throw malformed("malformed parameter");
                }
                at = close + 1;
                return;
            }
            int start = at;
            while (!atEnd() && tokenChar(text.charAt(at))) {
                at++;
            }
            if (at == start) {
                throw malformed("malformed parameter");
            }
        }

        MalformedRequest malformed(String problem) {
            return new MalformedRequest(header + ": " + problem);
        }

        private static boolean base64Char(char c) {
            return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=';
        }

        private static boolean keyChar(char c, boolean first) {
            return c >= 'a' && c <= 'z' || c == '*' || !first && (c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.');
        }

        /** sf-token, sf-integer/decimal and sf-boolean characters ({@code ?1}). */
        private static boolean tokenChar(char c) {
            return c > 0x20 && c < 0x7f && c != ',' && c != ';' && c != '"' && c != '(' && c != ')';
        }
    }
}
