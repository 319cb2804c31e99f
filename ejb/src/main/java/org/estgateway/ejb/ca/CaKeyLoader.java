// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca;

import java.nio.file.Path;
import java.util.Map;
import org.estgateway.ejb.ca.key.CaKey;
import org.estgateway.ejb.ca.key.CaKeyException;
import org.estgateway.ejb.ca.key.CaKeyLocation;
import org.estgateway.ejb.ca.key.CaKeys;
import org.estgateway.ejb.ca.key.PinReference;

/**
 * THE seam between a CA's key location (table ca, column key_location) and its key: PKCS#12 files of the data
 * directory protected by the key store password ('pkcs12:&lt;relative path&gt;'), or keys in PKCS#11 tokens
 * ('pkcs11:library=...;token=...|slot=...;key=...[;pin-file=...|pin-env=...]', {@link CaKeyLocation}), opened through
 * {@link CaKeys} (one login per token, shared by the CAs in it). Nothing else reads CA keys of named CAs.
 */
public final class CaKeyLoader {
    public static final String PKCS12 = "pkcs12:";
    public static final String PKCS11 = "pkcs11:";

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

    /**
     * Loads the key and chain of the CA {@code name} from its location (for a token: its key, signing there, and the
     * certificate stored with it); one line naming the CA when it fails. The PIN of a token comes from the
     * location's reference or EST_CA_PKCS11_PIN(_FILE) of this process.
     */
    public static CaKey load(String name, String location, Path dataDir, char[] password) {
        return load(name, location, dataDir, password, System.getenv());
    }

    static CaKey load(String name, String location, Path dataDir, char[] password, Map<String, String> env) {
        try {
            return CaKeys.open(location(location, dataDir, env), () -> password);
        } catch (RuntimeException e) {
            throw new CaKeyException("CA '" + name + "': cannot load its key from " + location + ": " + e.getMessage());
        }
    }

    /** The location a key_location text names (a pkcs11 one with its PIN resolved); one line when it is malformed. */
    public static CaKeyLocation location(String location, Path dataDir, Map<String, String> env) {
        if (location.startsWith(PKCS12)) {
            return new CaKeyLocation.Pkcs12File(pkcs12File(dataDir, location), CaBootstrap.CA_ALIAS);
        }
        if (location.startsWith(PKCS11)) {
            return CaKeyLocation.parse(location, PinReference.resolver(env), CaBootstrap.CA_ALIAS);
        }
        throw new IllegalArgumentException("key location kind not supported by this build: " + kind(location));
    }

    /** The text of a location for table ca (the data directory's pkcs12 files are named relative to it). */
    public static String text(String name, CaKeyLocation location) {
        return location instanceof CaKeyLocation.Pkcs11Token t ? t.text() : pkcs12Location(name);
    }

    /** The kind of a key location for listings: "pkcs12" or "pkcs11". */
    public static String kind(String location) {
        int colon = location.indexOf(':');
        return colon < 0 ? location : location.substring(0, colon);
    }
}
