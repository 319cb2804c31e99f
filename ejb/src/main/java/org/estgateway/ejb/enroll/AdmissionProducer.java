// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.enroll;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.logging.Logger;
import org.estgateway.ejb.config.EstEnvironment;

/** The one {@link Admission} of this server, with the limits of the environment (checked by the bootstrap). */
@ApplicationScoped
public class AdmissionProducer {
    private static final Logger LOG = Logger.getLogger(AdmissionProducer.class.getName());

    @Produces
    @Singleton
    Admission admission() {
        Admission admission = new Admission(EstEnvironment.fromSystem().enrollmentLimits());
        LOG.info(() -> "EST enrollments: at most " + admission.limits().concurrent() + " at once and "
                + admission.limits().queue() + " waiting, after authentication; beyond that 503 with Retry-After");
        return admission;
    }
}
