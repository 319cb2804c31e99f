// SPDX-License-Identifier: Apache-2.0
package org.estgateway.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs a real client (curl, openssl, strongSwan pki) in a work directory. */
final class Shell {
    /** In CI (CI=true) or with -Dest.it.require.clients=true a missing client fails instead of skipping. */
    static final boolean REQUIRE_CLIENTS = Boolean.getBoolean("est.it.require.clients")
            || "true".equals(System.getenv("CI"));

    record Result(int exit, String output) {
    }

    private Shell() {
    }

    static Result run(Path dir, String script) {
        try {
            Process p = new ProcessBuilder(List.of("bash", "-c", "set -o pipefail; " + script)).directory(dir.toFile())
                    .redirectErrorStream(true).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + script);
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Skips (or, in CI, fails) when a client program is not installed. */
    static void requireProgram(String program) {
        boolean present = run(Path.of("."), "command -v " + program).exit() == 0;
        if (REQUIRE_CLIENTS && !present) {
            throw new AssertionError(program + " is not installed (.ci/run installs it)");
        }
        Assumptions.assumeTrue(present, program + " is not installed");
    }
}
