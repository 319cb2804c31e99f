// SPDX-License-Identifier: Apache-2.0
package org.estgateway.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The native load driver ({@code --client curl}): curl's parallel mode (OpenSSL), one curl process per batch of
 * requests, every device with at most one request in flight. New-connection scenarios send
 * {@code Connection: close} with {@code --no-sessionid}, so each request is a full handshake without resumption;
 * keep-alive scenarios let curl reuse its connections. Latency is curl's {@code time_total} per transfer.
 * Maximum throughput only: the paced half-load run uses the Java driver.
 */
final class CurlDriver {
    private final Path work;
    private final Path caPem;

    CurlDriver(Path caPem) throws IOException {
        this.caPem = caPem;
        this.work = Files.createTempDirectory("est-benchmark-curl");
        Runtime.getRuntime().addShutdownHook(new Thread(this::delete));
    }

    /** Writes the devices' CSRs and (for re-enrollment) keys and certificates where curl can read them. */
    void prepare(List<Benchmark.Device> devices) throws Exception {
        for (Benchmark.Device d : devices) {
            Path dir = Files.createDirectories(work.resolve(d.name));
            for (int i = 0; i < d.csrs.length; i++) {
                Files.write(dir.resolve("csr" + i), d.csrs[i]);
            }
            Files.writeString(dir.resolve("key.pem"), pem("PRIVATE KEY", d.key.getPrivate().getEncoded()));
            Files.writeString(dir.resolve("cert.pem"), pem("CERTIFICATE", d.certificate.getEncoded()));
        }
    }

    Benchmark.Result run(Benchmark.Scenario s, URI url, List<Benchmark.Device> devices, int seconds) throws Exception {
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long ok = 0;
        Map<String, Long> errors = new TreeMap<>();
        List<long[]> latencies = new ArrayList<>();
        int perDevice = s.keepAlive() ? 40 : 12;
        int round = 0;
        while (System.nanoTime() < end) {
            Path config = work.resolve("batch.cfg");
            StringBuilder b = new StringBuilder();
            for (int r = 0; r < perDevice; r++) {
                for (Benchmark.Device d : devices) {
                    Path dir = work.resolve(d.name);
                    if (b.length() > 0) {
                        b.append("next\n"); // between transfers only: a trailing "next" is an empty transfer (an error)
                    }
                    b.append("url = \"").append(url.resolve(s.path())).append("\"\n");
                    b.append("data-binary = \"@").append(dir.resolve("csr" + ((round + r) % d.csrs.length))).append("\"\n");
                    b.append("header = \"Content-Type: application/pkcs10\"\n");
                    if (s.reenroll()) {
                        b.append("cert = \"").append(dir.resolve("cert.pem")).append("\"\n");
                        b.append("key = \"").append(dir.resolve("key.pem")).append("\"\n");
                    } else {
                        b.append("user = \"").append(d.name).append(':').append(Benchmark.PASSWORD).append("\"\n");
                    }
                    if (!s.keepAlive()) {
                        b.append("header = \"Connection: close\"\nno-sessionid\n");
                    }
                    b.append("cacert = \"").append(caPem).append("\"\n");
                    b.append("output = \"/dev/null\"\nsilent\n");
                    b.append("write-out = \"%{http_code} %{time_total}\\n\"\n");
                }
            }
            round += perDevice;
            Files.writeString(config, b);
            long batchStart = System.nanoTime();
            Process p = new ProcessBuilder("curl", "--silent", "--parallel", "--parallel-immediate", "--parallel-max",
                    Integer.toString(devices.size()), "--config", config.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            long[] lat = new long[perDevice * devices.size()];
            int n = 0;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    String[] f = line.trim().split(" ");
                    if (f.length == 2 && f[0].equals("200")) {
                        ok++;
                        if (n < lat.length) {
                            lat[n++] = (long) (Double.parseDouble(f[1]) * 1e6);
                        }
                    } else {
                        errors.merge(f[0].equals("000") ? "curl error" : "HTTP " + f[0], 1L, Long::sum);
                    }
                }
            }
            p.waitFor(); // reaped: its CPU counts in this process's children time (ProcessCpu)
            latencies.add(Arrays.copyOf(lat, n));
            // size the next batch to last about three seconds
            double batchSeconds = (System.nanoTime() - batchStart) / 1e9;
            double rate = n / Math.max(0.05, batchSeconds);
            perDevice = (int) Math.max(4, Math.min(400, rate * 3 / devices.size()));
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Benchmark.Result(s, ok, errors, elapsed, all);
    }

    /** The temporary directory with the devices' keys (they are test keys, but removed all the same). */
    private void delete() {
        try (var files = Files.walk(work)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
