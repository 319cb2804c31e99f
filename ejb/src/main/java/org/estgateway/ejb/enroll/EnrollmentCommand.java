// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.enroll;

import org.estgateway.ejb.auth.ClientCredentials;

/**
 * One enrollment request as the resource received it. The body stays raw: it is decoded only after the
 * requester is authenticated (so an anonymous request gets its 401 first) and a malformed one is audited.
 *
 * @param label the EST label, null for the unlabelled base path
 */
public record EnrollmentCommand(String label, EstOperation operation, ClientCredentials credentials, byte[] body,
        String realm) {
}
