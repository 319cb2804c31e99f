// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca.key;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * SoftHSM2 for tests: a configuration file whose token directory is a fresh directory, and tokens initialised in it
 * with {@code softhsm2-util}. The library reads the configuration named by SOFTHSM2_CONF once, when it loads; the
 * unit tests' JVM gets that variable from surefire (ejb/pom.xml), a test server gets it in its environment.
 */
public final class SoftHsm {
    public static final List<Path> LIBRARIES = List.of(Path.of("/usr/lib/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so"));

    private final Path config;

    private SoftHsm(Path config) {
        this.config = config;
    }

    /** The installed library, if SoftHSM2 is installed (Debian package softhsm2). */
    public static Optional<Path> library() {
        return LIBRARIES.stream().filter(Files::isRegularFile).findFirst()
                .filter(l -> Files.isExecutable(Path.of("/usr/bin/softhsm2-util")));
    }

    /** The tokens of {@link #forThisJvm()}, user PIN {@link #PIN}: one list for every test class of the JVM. */
    public static final List<String> TOKENS = List.of("est-test", "est-bad-pin", "named-cas", "named-other",
            "named-never-opened");
    public static final String PIN = "1234";
    private static SoftHsm forThisJvm;
    private final java.util.Map<String, Long> slots = new java.util.HashMap<>();

    /**
     * The SoftHSM of this test JVM: SOFTHSM2_CONF (set by surefire) written once with a fresh token directory and
     * every token of {@link #TOKENS} initialised. The library reads that directory once, when it loads, and does not
     * see tokens initialised later: every test class of the JVM uses this one instance and its tokens.
     */
    public static synchronized SoftHsm forThisJvm() throws IOException, InterruptedException {
        if (forThisJvm == null) {
            String conf = System.getenv("SOFTHSM2_CONF");
            if (conf == null) {
                throw new IllegalStateException("SOFTHSM2_CONF is unset: run under Maven (ejb/pom.xml sets it for surefire)");
            }
            SoftHsm hsm = at(Path.of(conf), Files.createTempDirectory("est-softhsm-"));
            for (String label : TOKENS) {
                hsm.slots.put(label, hsm.initToken(label, PIN, "5678"));
            }
            forThisJvm = hsm;
        }
        return forThisJvm;
    }

    /** The slot of a token of {@link #forThisJvm()}. */
    public long slot(String label) {
        return slots.get(label);
    }

    /** Writes {@code config} with a token directory {@code tokenDir} (created). */
    public static SoftHsm at(Path config, Path tokenDir) throws IOException {
        Files.createDirectories(tokenDir);
        Files.createDirectories(config.getParent());
        Files.writeString(config, "directories.tokendir = " + tokenDir + "\nobjectstore.backend = file\n"
                + "log.level = ERROR\nslots.removable = false\n", StandardCharsets.US_ASCII);
        return new SoftHsm(config);
    }

    public Path config() {
        return config;
    }

    /** Initialises a token in the first free slot; returns its slot number (SoftHSM renumbers it). */
    public long initToken(String label, String pin, String soPin) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", label,
                "--pin", pin, "--so-pin", soPin).redirectErrorStream(true);
        builder.environment().put("SOFTHSM2_CONF", config.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("softhsm2-util --init-token failed: " + output.strip());
        }
        java.util.regex.Matcher slot = java.util.regex.Pattern.compile("reassigned to slot (\\d+)").matcher(output);
        if (!slot.find()) {
            throw new IOException("softhsm2-util did not name the slot: " + output.strip());
        }
        return Long.parseLong(slot.group(1));
    }
}
