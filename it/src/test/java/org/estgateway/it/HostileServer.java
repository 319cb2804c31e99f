// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The WildFly process under test, seen from outside: its resident memory and how fast cacerts answers. */
final class HostileServer {
    private HostileServer() {
    }

    /** The java process of the IT's server: jboss-modules with this run's port offset (HTTPS port − 8443). */
    static Optional<Long> pid() {
        String offset = "port-offset=" + (TestServer.PORT - 8443);
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).filter(p -> {
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                    return cmd.contains("jboss-modules") && (cmd.contains(offset + " ") || cmd.strip().endsWith(offset));
                } catch (IOException e) {
                    return false;
                }
            }).map(p -> Long.parseLong(p.getFileName().toString())).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** VmRSS in kB, from /proc/&lt;pid&gt;/status. */
    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/status", e);
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    /** Median milliseconds of 20 cacerts GETs on one keep-alive connection, after 3 to warm up. */
    static double cacertsMedianMillis() {
        byte[] get = HostileRequest.http("GET", "/.well-known/est/cacerts", List.of(), null);
        List<Double> ms = new ArrayList<>();
        try (HostileClient client = new HostileClient(TestServer.sslContext(null))) {
            for (int i = 0; i < 23; i++) {
                long t = System.nanoTime();
                HostileClient.Answer a = client.exchange(get, false, 30_000);
                double elapsed = (System.nanoTime() - t) / 1e6;
                if (a.status() != 200) {
                    throw new AssertionError("cacerts answered " + a.status() + ": " + a.bodyStart(200));
                }
                if (i >= 3) {
                    ms.add(elapsed);
                }
            }
        }
        Collections.sort(ms);
        return (ms.get(9) + ms.get(10)) / 2;
    }
}
