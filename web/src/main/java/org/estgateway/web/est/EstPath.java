// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.est;

import jakarta.ws.rs.NotAllowedException;
import org.estgateway.ejb.enroll.EstOperation;
import org.estgateway.ejb.error.NotFound;

/**
 * The part of an EST URL after {@code /.well-known/est/}: {@code <operation>} or
 * {@code <label>/<operation>} (RFC 7030 §3.2.2).
 *
 * @param label null for the unlabelled base path
 */
public record EstPath(String label, EstOperation operation) {

    /**
     * @throws NotFound for an unknown operation or more segments
     * @throws NotAllowedException (405, with Allow) when the operation exists but takes another method
     */
    public static EstPath parse(String path, String method) {
        String[] segments = path.split("/", -1);
        if (segments.length > 2 || (segments.length == 2 && segments[0].isEmpty())) {
            throw new NotFound("no such EST resource");
        }
        String label = segments.length == 2 ? segments[0] : null;
        EstOperation operation = EstOperation.ofPath(segments[segments.length - 1])
                .orElseThrow(() -> new NotFound("no such EST operation"));
        if (!operation.method().equals(method) && !("HEAD".equals(method) && "GET".equals(operation.method()))) {
            throw new NotAllowedException(operation.method());
        }
        return new EstPath(label, operation);
    }
}
