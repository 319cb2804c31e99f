// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.bootstrap;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * An exclusive lock on {@code <EST_DATA_DIR>/.bootstrap.lock} for the first-start set-up: nodes sharing one data
 * directory and started at the same moment create exactly one key store password, one CA and one TLS key store;
 * the others wait and reuse them. An OS file lock (fcntl): released when the holder exits, even by kill -9.
 * On a network file system it needs working locks (NFSv4; docs/SCALING.md).
 */
public final class DataDirLock implements AutoCloseable {
    static final String FILE = ".bootstrap.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Waits at most {@code limit}; tells {@code progress} once when another process holds the lock. */
    public static DataDirLock acquire(Path dataDir, Duration limit, Consumer<String> progress) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(FILE);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            long deadline = System.nanoTime() + limit.toNanos();
            boolean told = false;
            while (true) {
                FileLock lock = tryLock(channel);
                if (lock != null) {
                    return new DataDirLock(channel, lock);
                }
                if (!told) {
                    progress.accept("waiting for another process that sets up " + dataDir + " (lock " + file + ")");
                    told = true;
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("another process has held " + file + " for more than " + limit.toSeconds()
                            + " s (a bootstrap of another node that hangs?)");
                }
                Thread.sleep(200);
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        } catch (InterruptedException e) {
            channel.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + file, e);
        }
    }

    /** Null while another process, or another channel of this JVM, holds it. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        if (!channel.isOpen()) {
            return;
        }
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
