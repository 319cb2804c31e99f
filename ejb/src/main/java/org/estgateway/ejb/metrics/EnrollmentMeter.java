// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.metrics;

import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.InvocationContext;
import org.estgateway.ejb.enroll.EnrollmentCommand;
import org.estgateway.ejb.enroll.EnrollmentOutcome;
import org.estgateway.ejb.error.EstException;
import org.estgateway.ejb.error.ServiceUnavailable;

/**
 * Counts and times {@code EnrollmentService.enroll}: the status is the one the client gets (200, 202 pending,
 * the refusal's 4xx/5xx, 500 for anything unexpected). Runs inside the container's transaction interceptor, so
 * a failure at commit after a successful return is not seen here (it shows as a 500 in the request log).
 */
public class EnrollmentMeter {
    @Inject
    EstMetrics metrics;

    @AroundInvoke
    public Object meter(InvocationContext ctx) throws Exception {
        long start = System.nanoTime();
        int status = 500;
        try {
            Object result = ctx.proceed();
            status = result instanceof EnrollmentOutcome.Pending ? 202 : 200;
            return result;
        } catch (EstException e) {
            status = e.status();
            if (e instanceof ServiceUnavailable u && u.overload()) {
                metrics.shed();
            }
            throw e;
        } finally {
            if (ctx.getParameters().length > 0 && ctx.getParameters()[0] instanceof EnrollmentCommand cmd) {
                metrics.enrollment(cmd.operation().path(), cmd.handler().id(), status, System.nanoTime() - start);
            }
        }
    }
}
