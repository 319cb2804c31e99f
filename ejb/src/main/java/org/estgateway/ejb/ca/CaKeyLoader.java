// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca;

import java.nio.file.Path;

/**
 * THE seam between a CA's key location (table ca, column key_location) and its key: today PKCS#12 files of the
 * data directory protected by the key store password ('pkcs12:&lt;relative path&gt;'). The HSM work (package
 * ejb.ca.key, CaKeys.open) replaces the body of {@link #load}; nothing else reads CA keys of named CAs.
 */
public final class CaKeyLoader {
    public static final String PKCS12 = "pkcs12:";

    private CaKeyLoader() {
    }

    /** 'pkcs12:ca/&lt;name&gt;.p12': where a CA generated or imported by the gateway keeps its key. */
    public static String pkcs12Location(String name) {
        return PKCS12 + "ca/" + name + ".p12";
    }

    /** The file of a 'pkcs12:' location inside the data directory (never outside it). */
    public static Path pkcs12File(Path dataDir, String location) {
        if (!location.startsWith(PKCS12)) {
            throw new IllegalArgumentException("not a pkcs12: key location: " + location);
        }
        Path base = dataDir.toAbsolutePath().normalize();
        Path file = base.resolve(location.substring(PKCS12.length())).normalize();
        if (!file.startsWith(base)) {
            throw new IllegalArgumentException("key location outside the data directory: " + location);
        }
        return file;
    }

    /** Loads the key and chain of the CA {@code name} from its location; one line naming the CA when it fails. */
    public static KeyStoreFiles.KeyEntry load(String name, String location, Path dataDir, char[] password) {
        try {
            if (location.startsWith(PKCS12)) {
                return KeyStoreFiles.readKeyEntry(pkcs12File(dataDir, location), CaBootstrap.CA_ALIAS, password);
            }
            throw new IllegalStateException("key location kind not supported by this build: " + location);
        } catch (RuntimeException e) {
            throw new IllegalStateException("CA '" + name + "': cannot load its key from " + location + ": "
                    + e.getMessage(), e);
        }
    }

    /** The kind of a key location for listings: "pkcs12" or "pkcs11". */
    public static String kind(String location) {
        int colon = location.indexOf(':');
        return colon < 0 ? location : location.substring(0, colon);
    }
}
