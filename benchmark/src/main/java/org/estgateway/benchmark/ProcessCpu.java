// SPDX-License-Identifier: Apache-2.0
package org.estgateway.benchmark;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * CPU time of processes on this machine, read from {@code /proc} (Linux): the server (the process listening on
 * the benchmark's port), PostgreSQL (every {@code postgres} process, plus what its postmaster collected from
 * backends that ended) and the benchmark itself with the processes it started and reaped (curl). CPU time is
 * what an enrollment costs, whatever else the machine does; a rate is not (noisy machines, a client on the
 * same cores). Resolution: one clock tick (10 ms); a timed window holds thousands of enrollments.
 */
final class ProcessCpu {
    /** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
    static final double TICK_MS = 10.0;

    private ProcessCpu() {
    }

    /** A reading of the three CPU times, in milliseconds; NaN where it could not be read. */
    record Reading(double serverMs, double postgresMs, double clientMs, long atNanos) {
        Reading minus(Reading before) {
            return new Reading(serverMs - before.serverMs, postgresMs - before.postgresMs, clientMs - before.clientMs,
                    atNanos - before.atNanos);
        }
    }

    /** What to read: the server's pid (empty when unknown: its CPU is reported as NaN). */
    record Probe(OptionalLong serverPid) {
        Reading read() {
            return new Reading(serverPid.isPresent() ? processMs(serverPid.getAsLong(), false) : Double.NaN,
                    postgresMs(), processMs(ProcessHandle.current().pid(), true), System.nanoTime());
        }
    }

    /** utime + stime of a process (with {@code children}: plus cutime + cstime of its reaped children). */
    static double processMs(long pid, boolean children) {
        Optional<long[]> t = times(Path.of("/proc", Long.toString(pid), "stat"));
        if (t.isEmpty()) {
            return Double.NaN;
        }
        long[] v = t.get();
        return TICK_MS * (v[0] + v[1] + (children ? v[2] + v[3] : 0));
    }

    /**
     * All PostgreSQL processes of the machine: each one's own time, plus the postmaster's children time (backends
     * and workers that exited since it started). Other databases' work counts too: run on a quiet database server.
     */
    static double postgresMs() {
        double sum = 0;
        boolean any = false;
        for (long pid : pids()) {
            Optional<String> stat = read(Path.of("/proc", Long.toString(pid), "stat"));
            if (stat.isEmpty() || !command(stat.get()).equals("postgres")) {
                continue;
            }
            Optional<long[]> t = times(stat.get());
            if (t.isEmpty()) {
                continue;
            }
            any = true;
            long[] v = t.get();
            boolean postmaster = !isPostgres(v[4]);
            sum += TICK_MS * (v[0] + v[1] + (postmaster ? v[2] + v[3] : 0));
        }
        return any ? sum : Double.NaN;
    }

    private static boolean isPostgres(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "stat")).map(s -> command(s).equals("postgres")).orElse(false);
    }

    /** The process with a listening TCP socket on {@code port} (IPv4 or IPv6), if this user may see it. */
    static OptionalLong listening(int port) {
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            for (String line : read(Path.of(table)).orElse("").split("\n")) {
                String[] f = line.trim().split("\\s+");
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                if (f.length > 9 && f[3].equals("0A") && f[1].endsWith(String.format(Locale.ROOT, ":%04X", port))) {
                    inodes.add("socket:[" + f[9] + "]");
                }
            }
        }
        if (inodes.isEmpty()) {
            return OptionalLong.empty();
        }
        for (long pid : pids()) {
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
                for (Path fd : fds) {
                    try {
                        if (inodes.contains(Files.readSymbolicLink(fd).toString())) {
                            return OptionalLong.of(pid);
                        }
                    } catch (IOException e) {
                        // closed meanwhile
                    }
                }
            } catch (IOException | SecurityException e) {
                // another user's process, or gone
            }
        }
        return OptionalLong.empty();
    }

    private static List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            proc.forEach(p -> pids.add(Long.parseLong(p.getFileName().toString())));
        } catch (IOException e) {
            // not Linux
        }
        return pids;
    }

    private static Optional<long[]> times(Path stat) {
        return read(stat).flatMap(ProcessCpu::times);
    }

    /** utime, stime, cutime, cstime, ppid of a /proc/&lt;pid&gt;/stat line. */
    static Optional<long[]> times(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return Optional.empty();
        }
        // after "pid (comm) ": state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17)
        String[] f = stat.substring(close + 2).trim().split(" ");
        if (f.length < 15) {
            return Optional.empty();
        }
        return Optional.of(new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]),
                Long.parseLong(f[14]), Long.parseLong(f[1])});
    }

    static String command(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        return open < 0 || close < open ? "" : stat.substring(open + 1, close);
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
