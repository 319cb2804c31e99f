// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.est;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.estgateway.ejb.pki.Base64Body;

/** Builds EST responses: base64 bodies with Content-Transfer-Encoding and an explicit Content-Length. */
public final class EstResponses {
    private EstResponses() {
    }

    public static Response base64(String contentType, byte[] der, Base64Body.Layout layout) {
        byte[] body = Base64Body.encode(der, layout);
        return Response.ok(body, contentType)
                .header("Content-Transfer-Encoding", "base64")
                .header(HttpHeaders.CONTENT_LENGTH, body.length)
                .build();
    }

    /**
     * The base64 layout this client can read. strongSwan's pki 5.9 decodes one line only and sends neither
     * User-Agent nor Connection (its est_tls.c builds the request by hand); libest needs line breaks once a
     * body passes 1 KB (OpenSSL's line-mode base64 BIO) and sends both headers, as do curl (User-Agent) and
     * Bouncy Castle (Connection: close). So: no User-Agent and no Connection header → one line; otherwise
     * 64-column LF lines, the last one terminated too.
     */
    public static Base64Body.Layout layoutFor(HttpHeaders headers) {
        boolean bare = isEmpty(headers.getHeaderString(HttpHeaders.USER_AGENT))
                && isEmpty(headers.getHeaderString("Connection"));
        return bare ? Base64Body.Layout.SINGLE_LINE : Base64Body.Layout.WRAPPED;
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isBlank();
    }
}
