// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.enroll;

import org.estgateway.ejb.auth.ClientCredentials;
import org.estgateway.ejb.config.Handler;

/**
 * One enrollment request as the resource received it. The body stays raw: it is decoded only after the
 * requester is authenticated (so an anonymous request gets its 401 first) and a malformed one is audited.
 *
 * @param path the path after {@code /.well-known/est/} that selected the handler
 */
public record EnrollmentCommand(String path, Handler handler, ClientCredentials credentials, byte[] body) {

    public EstOperation operation() {
        return handler.format().operation();
    }

    /** The EST label as recorded (null for the plain RFC path). */
    public String label() {
        return Handler.labelOf(path, operation().path());
    }
}
