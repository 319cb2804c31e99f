// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.error;

import jakarta.ejb.ApplicationException;

/**
 * A refusal with a reason a client may read. The mapper in the web module turns it into a short
 * text/plain (EST) or problem+json (API) response with {@link #status()}. Rolls back the transaction.
 */
@ApplicationException(rollback = true)
public abstract class EstException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private boolean audited;
    private String actor;

    protected EstException(String reason) {
        super(reason, null, false, false);
    }

    /** HTTP status code of this refusal. */
    public abstract int status();

    /** Whether an audit event was already written for this refusal. */
    public boolean audited() {
        return audited;
    }

    /** Marks the refusal as audited, remembering who was refused (null when unauthenticated). */
    public EstException markAudited(String actor) {
        this.audited = true;
        this.actor = actor;
        return this;
    }

    /** The authenticated identity that was refused, if known. */
    public String actor() {
        return actor;
    }
}
