// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.interceptor.InvocationContext;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.estgateway.ejb.config.EnrollmentLimits;
import org.estgateway.ejb.config.EstConfig;
import org.estgateway.ejb.config.Handler;
import org.estgateway.ejb.enroll.Admission;
import org.estgateway.ejb.enroll.EnrollmentCommand;
import org.estgateway.ejb.enroll.EnrollmentOutcome;
import org.estgateway.ejb.error.ServiceUnavailable;
import org.estgateway.ejb.error.Unauthorized;
import org.junit.jupiter.api.Test;

/** The status each enrollment is counted with, the latency buckets and the shed counter. */
class EnrollmentMeterTest {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final EnrollmentMeter meter = new EnrollmentMeter();
    final Handler handler = EstConfig.builtIn().handlers().stream()
            .filter(h -> h.format().operation().path().equals("simpleenroll")).findFirst().orElseThrow();
    final EnrollmentCommand cmd = new EnrollmentCommand("simpleenroll", handler, null, new byte[0]);

    EnrollmentMeterTest() {
        EstMetrics metrics = new EstMetrics();
        metrics.registry = registry;
        metrics.admission = new Admission(new EnrollmentLimits(2, 4, 0));
        metrics.register();
        meter.metrics = metrics;
    }

    double count(String status) {
        return registry.counter("est.enrollments", "operation", "simpleenroll", "handler", handler.id(), "status", status)
                .count();
    }

    @Test
    void issuedPendingRefusedAndShedAreCountedWithTheirStatus() throws Exception {
        meter.meter(ctx(() -> new EnrollmentOutcome.Issued(null, "dev", "01")));
        meter.meter(ctx(() -> new EnrollmentOutcome.Pending(Duration.ofSeconds(60), "dev", 1)));
        assertThrows(Unauthorized.class, () -> meter.meter(ctx(() -> {
            throw Unauthorized.basic("no", "EST");
        })));
        assertThrows(ServiceUnavailable.class, () -> meter.meter(ctx(() -> {
            throw ServiceUnavailable.busy(5);
        })));
        assertThrows(IllegalStateException.class, () -> meter.meter(ctx(() -> {
            throw new IllegalStateException("bug");
        })));
        assertEquals(1, count("200"));
        assertEquals(1, count("202"));
        assertEquals(1, count("401"));
        assertEquals(1, count("503"));
        assertEquals(1, count("500"));
        assertEquals(1, registry.counter("est.admission.shed").count(), "only the overload 503 is shed");
        assertEquals(5, registry.get("est.enrollment.latency").tags("operation", "simpleenroll", "le", "+Inf")
                .functionCounter().count());
    }

    InvocationContext ctx(Callable<Object> body) {
        return new InvocationContext() {
            public Object getTarget() { return null; }
            public Object getTimer() { return null; }
            public Method getMethod() { return null; }
            public Constructor<?> getConstructor() { return null; }
            public Object[] getParameters() { return new Object[] {cmd}; }
            public void setParameters(Object[] params) { }
            public Map<String, Object> getContextData() { return Map.of(); }
            public Object proceed() throws Exception { return body.call(); }
        };
    }
}
