// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.estgateway.ejb.enroll.Admission;

/**
 * The application's meters, in the registry of WildFly's micrometer subsystem: Prometheus scrapes them at
 * {@code http://127.0.0.1:9990/metrics} (management interface; docs/OPERATIONS.md).
 *
 * <p>WildFly 39 hands a deployment an application registry that forwards to the server's registry only what is
 * created through {@code registry.counter/gauge/timer(name, tags, ...)} and {@code registry.more()}; a meter built with
 * {@code Counter.builder(...).register(registry)} stays in a local registry nobody exports (measured). So every
 * meter here is made with those methods, and the latency buckets, which a Timer would only get from
 * {@code Timer.builder().serviceLevelObjectives(...)}, are cumulative counters with an {@code le} label.
 */
@ApplicationScoped
public class EstMetrics {
    /** Upper bounds (seconds) of {@code est_enrollment_latency_total{le}}; the last bucket is +Inf. */
    static final double[] LE = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    @Inject
    MeterRegistry registry;
    @Inject
    Admission admission;

    private final Map<String, LongAdder[]> buckets = new ConcurrentHashMap<>();
    /**
     * The counter and timer of each (operation, handler, status), looked up once: the application registry's
     * {@code counter(name, tags)} searches all its meters on every call (5 % of a request thread's CPU, measured
     * with JFR; docs/PERFORMANCE.md).
     */
    private final Map<EnrollmentKey, EnrollmentMeters> enrollments = new ConcurrentHashMap<>();
    private Counter shed;

    @PostConstruct
    void register() {
        registry.gauge("est.admission.in_flight", Tags.empty(), admission, Admission::inFlight);
        registry.gauge("est.admission.queued", Tags.empty(), admission, Admission::queued);
        registry.gauge("est.admission.limit", Tags.empty(), admission, a -> a.limits().concurrent());
        shed = registry.counter("est.admission.shed", Tags.empty());
        for (String kind : new String[] {"device", "account"}) {
            registry.counter("est.logins.refused", Tags.of("kind", kind));
            registry.counter("est.lockouts", Tags.of("kind", kind));
        }
    }

    /** Registers the meters at deployment, before the first request (observing creates the bean). */
    void start(@Observes Startup startup) {
        // @PostConstruct has run
    }

    /** One enrollment request that reached the service (refusals included), with its HTTP status. */
    public void enrollment(String operation, String handler, int status, long nanos) {
        EnrollmentMeters meters = enrollments.computeIfAbsent(new EnrollmentKey(operation, handler, status),
                this::registerEnrollment);
        meters.count().increment();
        meters.latency().record(nanos, TimeUnit.NANOSECONDS);
        LongAdder[] b = buckets.computeIfAbsent(operation, this::registerBuckets);
        for (int i = bucket(nanos / 1e9); i < b.length; i++) {
            b[i].increment();
        }
    }

    private EnrollmentMeters registerEnrollment(EnrollmentKey key) {
        String code = Integer.toString(key.status());
        return new EnrollmentMeters(
                registry.counter("est.enrollments", Tags.of("operation", key.operation(), "handler", key.handler(),
                        "status", code)),
                registry.timer("est.enrollment", Tags.of("operation", key.operation(), "status", code)));
    }

    private record EnrollmentKey(String operation, String handler, int status) {
    }

    private record EnrollmentMeters(Counter count, Timer latency) {
    }

    /** The first bucket {@code seconds} falls into ({@code LE.length} for +Inf). */
    static int bucket(double seconds) {
        int i = 0;
        while (i < LE.length && seconds > LE[i]) {
            i++;
        }
        return i;
    }

    private LongAdder[] registerBuckets(String operation) {
        LongAdder[] b = new LongAdder[LE.length + 1];
        for (int i = 0; i < b.length; i++) {
            b[i] = new LongAdder();
            registry.more().counter("est.enrollment.latency", Tags.of("operation", operation, "le",
                    i < LE.length ? Double.toString(LE[i]) : "+Inf"), b[i], LongAdder::doubleValue);
        }
        return b;
    }

    public void shed() {
        shed.increment();
    }

    /** A refused password ({@code kind}: device or account): unknown, wrong, disabled or locked. */
    public void loginRefused(String kind) {
        registry.counter("est.logins.refused", Tags.of("kind", kind)).increment();
    }

    /** A device or account locked after too many wrong passwords. */
    public void lockout(String kind) {
        registry.counter("est.lockouts", Tags.of("kind", kind)).increment();
    }

    /** A delivery of an approval request to an external approval service that failed (will be retried). */
    public void deliveryFailed(String handler) {
        registry.counter("est.approval.delivery.failures", Tags.of("handler", handler)).increment();
    }

    public MeterRegistry registry() {
        return registry;
    }
}
