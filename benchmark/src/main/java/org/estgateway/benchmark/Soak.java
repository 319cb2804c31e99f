// SPDX-License-Identifier: Apache-2.0
package org.estgateway.benchmark;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.TrustManager;

/**
 * The soak ({@code --soak SECONDS}): after the maximum of each scenario is measured, the four scenarios take turns,
 * one minute each, paced at half of their own maximum, for the given time. Per minute: rate, p50/p99 (from when
 * each request was due), errors, server CPU per enrollment; at the start and at the end: the server's resident
 * memory and its heap after a full GC (jcmd). A leak shows as growth between the two; a slow path as p99 drift.
 */
final class Soak {
    private Soak() {
    }

    record Memory(long rssKiB, long heapAfterGcKiB) {
        String text() {
            return String.format(Locale.ROOT, "RSS %d MiB, heap after GC %s", rssKiB / 1024,
                    heapAfterGcKiB < 0 ? "unknown" : heapAfterGcKiB / 1024 + " MiB");
        }
    }

    /** Runs the soak and appends its JSON object (without braces' surroundings) to {@code json}. */
    static void run(URI url, TrustManager[] trust, List<Benchmark.Device> devices, Map<Benchmark.Scenario, Double> maxima,
            int seconds, ProcessCpu.Probe probe, OptionalLong serverPid, StringBuilder json) throws Exception {
        Memory start = memory(serverPid);
        System.out.printf("soak: %d s, scenarios in turn one minute each at half their maximum; at the start: %s%n",
                seconds, start.text());
        List<String> minutes = new ArrayList<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long errorsTotal = 0;
        long okTotal = 0;
        int turn = 0;
        List<Benchmark.Scenario> order = new ArrayList<>(maxima.keySet());
        while (System.nanoTime() < end && !order.isEmpty()) {
            Benchmark.Scenario s = order.get(turn++ % order.size());
            int window = (int) Math.max(1, Math.min(60, (end - System.nanoTime()) / 1_000_000_000L));
            ProcessCpu.Reading before = probe.read();
            Benchmark.Result r = Benchmark.run(s, url, trust, devices, window, maxima.get(s) / 2);
            r = r.withCpu(probe.read().minus(before));
            long errors = r.errors().values().stream().mapToLong(Long::longValue).sum();
            errorsTotal += errors;
            okTotal += r.ok();
            System.out.printf(Locale.ROOT, "  minute %3d %-30s %7.1f /s  p50 %6.1f ms  p99 %6.1f ms  errors %s  server CPU %.2f ms%n",
                    turn, s.name(), r.rate(), r.ms(0.5), r.ms(0.99), r.errors(), r.serverMs());
            minutes.add(String.format(Locale.ROOT, "{\"minute\":%d,\"scenario\":\"%s\",\"enrollmentsPerSecond\":%.2f,"
                    + "\"p50Ms\":%.2f,\"p99Ms\":%.2f,\"errors\":%s,\"serverCpuMsPerEnrollment\":%.3f}", turn, s.name(),
                    r.rate(), r.ms(0.5), r.ms(0.99), Benchmark.jsonMap(r.errors()), r.serverMs()).replace("NaN", "null"));
        }
        Memory last = memory(serverPid);
        System.out.printf("soak: %d enrollments, %d errors; at the start %s; at the end %s%n", okTotal, errorsTotal,
                start.text(), last.text());
        json.append(String.format(Locale.ROOT, ",\"soak\":{\"seconds\":%d,\"enrollments\":%d,\"errors\":%d,"
                + "\"start\":{\"rssKiB\":%d,\"heapAfterGcKiB\":%d},\"end\":{\"rssKiB\":%d,\"heapAfterGcKiB\":%d},"
                + "\"minutes\":[%s]}", seconds, okTotal, errorsTotal, start.rssKiB(), start.heapAfterGcKiB(),
                last.rssKiB(), last.heapAfterGcKiB(), String.join(",", minutes)));
    }

    /** The server's RSS (/proc) and its heap after a full GC (jcmd GC.run, then GC.heap_info); -1 where unknown. */
    static Memory memory(OptionalLong pid) {
        if (pid.isEmpty()) {
            return new Memory(-1, -1);
        }
        long p = pid.getAsLong();
        jcmd(p, "GC.run");
        Matcher used = Pattern.compile("(?m)heap\\s+total \\d+K, used (\\d+)K").matcher(jcmd(p, "GC.heap_info"));
        long heap = used.find() ? Long.parseLong(used.group(1)) : -1;
        long rss = -1;
        try {
            Matcher m = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB").matcher(Files.readString(Path.of("/proc", Long.toString(p), "status")));
            rss = m.find() ? Long.parseLong(m.group(1)) : -1;
        } catch (IOException e) {
            // gone
        }
        return new Memory(rss, heap);
    }

    private static String jcmd(long pid, String command) {
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
