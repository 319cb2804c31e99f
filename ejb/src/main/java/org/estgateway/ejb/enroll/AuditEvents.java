// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.enroll;

import org.estgateway.ejb.auth.Requester;
import org.estgateway.persistence.audit.AuditEvent;

/** Audit events of enrollment attempts (each names the CA of the handler's procedure). */
final class AuditEvents {
    private AuditEvents() {
    }

    static AuditEvent.Fields enrollment(EnrollmentCommand cmd, Requester requester, String subject, String outcome,
            String serial, int status, String reason) {
        String type = switch (cmd.operation()) {
            case SIMPLEREENROLL -> "REENROLL";
            case SERVERKEYGEN -> "SERVERKEYGEN";
            default -> "ENROLL";
        };
        String actor;
        String method;
        if (requester != null) {
            actor = requester.identity();
            method = requester.authMethod();
        } else if (cmd.credentials().claimedUser().isPresent()) {
            actor = cmd.credentials().claimedUser().get(); // claimed, not authenticated: the outcome says so
            method = cmd.credentials().digest().isPresent() ? Requester.AUTH_DIGEST : Requester.AUTH_BASIC;
        } else if (cmd.credentials().tlsCertificate().isPresent()) {
            actor = cmd.credentials().tlsCertificate().get().holder().getSubject().toString();
            method = Requester.AUTH_TLS;
        } else {
            actor = null;
            method = "NONE";
        }
        // the CA the label's procedure issues from: known for every attempt, refused ones included
        return new AuditEvent.Fields(type, outcome, actor, method, cmd.credentials().sourceAddress(), cmd.label(),
                subject, serial, status, reason, cmd.handler().id(), cmd.handler().procedure().ca());
    }
}
