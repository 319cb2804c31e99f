// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real HAProxy (Debian package {@code haproxy}) of a test's own, started in the foreground from one of the
 * operator's configuration files in deploy/ with the test's values in the environment ("${VAR}" in the file),
 * its log in target/NAME/haproxy.log. Its statistics page (;csv) tells which node served how many connections
 * and what the health checks think of each.
 */
final class HaProxy implements AutoCloseable {
    static final Path DEPLOY = Path.of(System.getProperty("est.it.deploy.dir", "../deploy")).toAbsolutePath().normalize();

    final String name;
    final Path config;
    final int port;
    final int statsPort;
    final Path log;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final HttpClient stats = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    /** {@code configFile} in deploy/; devices connect to 127.0.0.1:{@code port}, statistics on {@code statsPort}. */
    HaProxy(String name, String configFile, int port, int statsPort) {
        this.name = name;
        this.config = DEPLOY.resolve(configFile);
        this.port = port;
        this.statsPort = statsPort;
        this.log = Path.of("target", name, "haproxy.log").toAbsolutePath();
        env("EST_LB_BIND", "127.0.0.1:" + port);
        env("EST_LB_STATS_BIND", "127.0.0.1:" + statsPort);
    }

    HaProxy env(String key, String value) {
        environment.put(key, value);
        return this;
    }

    /** The node as server {@code EST_NODE_A_*} or {@code EST_NODE_B_*} ({@code slot} "A" or "B"). */
    HaProxy node(String slot, String nodeName, OwnServer node) {
        return env("EST_NODE_" + slot + "_NAME", nodeName).env("EST_NODE_" + slot + "_ADDR", "127.0.0.1:" + node.httpsPort)
                .env("EST_NODE_" + slot + "_MGMT_PORT", Integer.toString(node.managementPort()));
    }

    /** Starts haproxy (-db: foreground) and waits until both its ports accept connections. */
    void start() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/sbin/haproxy"))) {
            Shell.requireProgram("haproxy");
        }
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(executable(), "-db", "-f", config.toString());
        pb.environment().putAll(environment);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!(listening(port) && listening(statsPort))) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + ": haproxy ended (" + process.exitValue() + "):\n" + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + ": haproxy does not listen on " + port + "/" + statsPort + ", see " + log);
            }
            Thread.sleep(100);
        }
    }

    private static String executable() {
        return Files.isExecutable(Path.of("/usr/sbin/haproxy")) ? "/usr/sbin/haproxy" : "haproxy";
    }

    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** https://localhost:PORT + path: the load balancer's address as devices use it. */
    URI uri(String path) {
        return URI.create("https://localhost:" + port + path);
    }

    /** One server's row of the statistics (pxname, svname, status, stot, check_status, lastchg, ...). */
    Map<String, String> server(String backend, String server) throws Exception {
        HttpResponse<String> r = stats.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/stats;csv"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        List<String> lines = r.body().lines().toList();
        String[] header = lines.get(0).replaceFirst("^# ", "").split(",", -1);
        for (String line : lines.subList(1, lines.size())) {
            String[] v = line.split(",", -1);
            if (v.length > 1 && v[0].equals(backend) && v[1].equals(server)) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.length && i < v.length; i++) {
                    row.put(header[i], v[i]);
                }
                return row;
            }
        }
        throw new IllegalStateException(name + ": no server " + backend + "/" + server + " in\n" + r.body());
    }

    /** Connections (sessions) HAProxy has passed to this server since it started. */
    long sessions(String server) throws Exception {
        return Long.parseLong(server("est-nodes", server).get("stot"));
    }

    /** UP, DOWN, "UP 1/2" (going down), "DOWN 1/2" (coming up), MAINT... */
    String status(String server) throws Exception {
        return server("est-nodes", server).get("status");
    }

    /** Waits until the server's status is exactly {@code status}; the time it took. */
    Duration awaitStatus(String server, String status, Duration limit) throws Exception {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        String now = status(server);
        while (!now.equals(status)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + ": " + server + " is " + now + ", not " + status + " after " + limit);
            }
            Thread.sleep(50);
            now = status(server);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws Exception {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }
}
