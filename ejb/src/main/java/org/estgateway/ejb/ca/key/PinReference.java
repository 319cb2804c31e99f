// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca.key;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Where the PIN of a token comes from, as a PKCS#11 key location names it: {@code pin-file=/absolute/path} (the
 * file's first line) or {@code pin-env=EST_CA_PKCS11_PIN_<SUFFIX>} (an environment variable of the gateway). A
 * reference, never the PIN: key locations are stored in table ca, listed by the admin API and written to the audit
 * trail. Without a reference a location uses the gateway's EST_CA_PKCS11_PIN or EST_CA_PKCS11_PIN_FILE.
 * <p>
 * pin-env= may only name variables starting with EST_CA_PKCS11_PIN, so that a key location (which an administrator
 * may send through the API) cannot make the gateway hand another secret of its environment (database or admin
 * password) to a token as a PIN.
 */
public record PinReference(String attribute, String value) {
    public static final String FILE = "pin-file";
    public static final String ENV = "pin-env";
    public static final String DEFAULT_PIN = "EST_CA_PKCS11_PIN";
    public static final String DEFAULT_PIN_FILE = "EST_CA_PKCS11_PIN_FILE";
    private static final Pattern VARIABLE = Pattern.compile("EST_CA_PKCS11_PIN[A-Z0-9_]*");

    public PinReference {
        switch (attribute) {
            case FILE -> {
                if (!Path.of(value).isAbsolute()) {
                    throw new IllegalArgumentException("pkcs11: pin-file=" + value + " is not an absolute path");
                }
            }
            case ENV -> {
                if (!VARIABLE.matcher(value).matches()) {
                    throw new IllegalArgumentException("pkcs11: pin-env=" + value + " must name a variable "
                            + "EST_CA_PKCS11_PIN[_SUFFIX] (upper case, digits, _)");
                }
            }
            default -> throw new IllegalArgumentException("pkcs11: " + attribute + "= is not a PIN reference");
        }
    }

    /** The attribute as it appears in a key location. */
    public String text() {
        return attribute + "=" + value;
    }

    /** The PIN: the file's first line or the variable's value; one line without the PIN when it cannot be read. */
    public Secret resolve(Map<String, String> env) {
        if (attribute.equals(FILE)) {
            return Secret.fromFile(Path.of(value), "pkcs11: pin-file");
        }
        String pin = env.get(value);
        if (pin == null || pin.isEmpty()) {
            throw new IllegalArgumentException("pkcs11: pin-env=" + value + ": the variable is not set");
        }
        return Secret.of(pin);
    }

    /** The gateway's PIN for locations without a reference: EST_CA_PKCS11_PIN or the file EST_CA_PKCS11_PIN_FILE. */
    public static Optional<Secret> defaultPin(Map<String, String> env) {
        Optional<String> pin = Optional.ofNullable(env.get(DEFAULT_PIN)).filter(v -> !v.isBlank());
        Optional<String> pinFile = Optional.ofNullable(env.get(DEFAULT_PIN_FILE)).filter(v -> !v.isBlank());
        if (pin.isPresent() && pinFile.isPresent()) {
            throw new IllegalArgumentException(DEFAULT_PIN + " and " + DEFAULT_PIN_FILE + " are both set: set one");
        }
        return pin.map(Secret::of).or(() -> pinFile.map(f -> Secret.fromFile(Path.of(f), DEFAULT_PIN_FILE)));
    }

    /**
     * The PIN of a location: its reference resolved, else the default PIN (read only when needed); {@code null} when
     * neither exists (the location is then refused naming both).
     */
    public static Function<Optional<PinReference>, Secret> resolver(Map<String, String> env) {
        return reference -> reference.map(r -> r.resolve(env)).orElseGet(() -> defaultPin(env).orElse(null));
    }
}
