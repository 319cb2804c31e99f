// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.est;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.estgateway.ejb.enroll.EnrollmentOutcome;
import org.estgateway.ejb.pki.Base64Body;
import org.estgateway.ejb.pki.ServerKeygenBody;

/** RFC 7030 §4.4.2: the multipart/mixed answer of serverkeygen ({@link ServerKeygenBody}), never cached. */
final class ServerKeygenResponse {
    private ServerKeygenResponse() {
    }

    static Response of(EnrollmentOutcome.KeyGenerated generated, Base64Body.Layout layout) {
        ServerKeygenBody body = ServerKeygenBody.of(generated.pkcs8(), generated.certsOnly(), layout);
        return Response.ok(body.bytes(), body.contentType())
                .header(HttpHeaders.CONTENT_LENGTH, body.bytes().length)
                .header("Cache-Control", "no-store")
                .build();
    }
}
