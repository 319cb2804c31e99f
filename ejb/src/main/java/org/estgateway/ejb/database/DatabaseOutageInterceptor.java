// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.database;

import jakarta.ejb.EJB;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.AroundTimeout;
import jakarta.interceptor.InvocationContext;
import org.estgateway.ejb.error.EstException;
import org.estgateway.ejb.error.ServiceUnavailable;

/**
 * Default interceptor of every EJB (META-INF/ejb-jar.xml): a database outage leaves a business method as
 * {@link ServiceUnavailable#databaseDown()}, an application exception, so the transaction rolls back, the
 * client gets 503 + Retry-After, and the container logs no stack trace (it logs every system exception).
 * A timer tick (all are non-persistent {@code @Schedule}s) that meets an outage is skipped: a timeout that
 * throws would be retried at once and logged with a stack trace; the next tick simply tries again.
 */
public class DatabaseOutageInterceptor {
    @EJB
    DatabaseAvailability availability;

    @AroundInvoke
    public Object translate(InvocationContext invocation) throws Exception {
        try {
            return invocation.proceed();
        } catch (RuntimeException e) {
            if (!(e instanceof EstException) && DatabaseFailures.isUnavailable(e)) {
                availability.unavailable(e);
                throw ServiceUnavailable.databaseDown();
            }
            throw e;
        }
    }

    @AroundTimeout
    public Object skipTick(InvocationContext invocation) throws Exception {
        try {
            return invocation.proceed();
        } catch (ServiceUnavailable e) {
            if (e.isDatabaseDown()) {
                return null; // a bean it called met the outage and reported it
            }
            throw e;
        } catch (RuntimeException e) {
            if (!DatabaseFailures.isUnavailable(e)) {
                throw e;
            }
            availability.unavailable(e);
            return null;
        }
    }
}
