// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.est;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.estgateway.ejb.config.EnrollmentLimits;
import org.junit.jupiter.api.Test;

/** The refusal itself: status, Retry-After, a short text/plain reason, and the request never reaches EST. */
class EstAdmissionFilterTest {

    static final class Recorded {
        int status = 200;
        final Map<String, String> headers = new HashMap<>();
        String contentType;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
    }

    static HttpServletRequest request(String method) {
        return (HttpServletRequest) Proxy.newProxyInstance(EstAdmissionFilterTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "hashCode" -> 1;
                    default -> null;
                });
    }

    static HttpServletResponse response(Recorded r) {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                r.body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(EstAdmissionFilterTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> {
                    switch (m.getName()) {
                        case "setStatus" -> r.status = (Integer) a[0];
                        case "setHeader" -> r.headers.put((String) a[0], (String) a[1]);
                        case "setContentType" -> r.contentType = (String) a[0];
                        case "getOutputStream" -> {
                            return out;
                        }
                        case "hashCode" -> {
                            return 1;
                        }
                        default -> {
                        }
                    }
                    return null;
                });
    }

    static EstAdmissionFilter filter(Admission admission) throws Exception {
        EstAdmissionFilter f = new EstAdmissionFilter();
        var field = EstAdmissionFilter.class.getDeclaredField("admission");
        field.setAccessible(true);
        field.set(f, admission);
        return f;
    }

    @Test
    void beyondTheLimitAndQueueAnEnrollmentGets503WithRetryAfterAndNeverReachesEst() throws Exception {
        Admission full = new Admission(new EnrollmentLimits(1, 0, 0));
        full.enter();
        Recorded r = new Recorded();
        AtomicInteger reached = new AtomicInteger();
        filter(full).doFilter(request("POST"), response(r), (rq, rs) -> reached.incrementAndGet());
        assertEquals(503, r.status);
        assertEquals("1", r.headers.get("Retry-After"));
        assertEquals("text/plain; charset=UTF-8", r.contentType);
        assertEquals("server busy: too many enrollments in progress, retry later\n", r.body.toString(StandardCharsets.UTF_8));
        assertEquals(0, reached.get(), "nothing of the request was processed");
    }

    @Test
    void anAdmittedEnrollmentReleasesItsSlotEvenWhenItFails() throws Exception {
        Admission one = new Admission(new EnrollmentLimits(1, 0, 0));
        EstAdmissionFilter f = filter(one);
        Recorded r = new Recorded();
        try {
            f.doFilter(request("POST"), response(r), (rq, rs) -> {
                assertEquals(1, one.inFlight());
                throw new IllegalStateException("enrollment failed");
            });
        } catch (IllegalStateException expected) {
            // the exception mapper answers it; the slot must be free again
        }
        assertEquals(0, one.inFlight());
        assertEquals(200, r.status);
    }

    @Test
    void getsAreNeverShed() throws Exception {
        Admission full = new Admission(new EnrollmentLimits(1, 0, 0));
        full.enter();
        Recorded r = new Recorded();
        AtomicInteger reached = new AtomicInteger();
        filter(full).doFilter(request("GET"), response(r), (rq, rs) -> reached.incrementAndGet());
        assertEquals(1, reached.get(), "cacerts and csrattrs are served under load");
        assertNull(r.headers.get("Retry-After"));
    }
}
