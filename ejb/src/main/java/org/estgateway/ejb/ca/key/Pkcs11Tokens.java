// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca.key;

import java.io.IOException;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One SunPKCS11 provider per token (library and slot) in this JVM, logged in once with the location's PIN: several
 * CAs in one token share that login. Keys the provider generates are token objects, private, sensitive and not
 * extractable. A location whose PIN differs from the one the token accepted is refused without asking the token
 * (a token has one user PIN; without this check any PIN would pass once the token is logged in).
 */
final class Pkcs11Tokens {
    private record Login(KeyStore keyStore, Secret pin) {
    }

    private static final Map<String, Login> LOGGED_IN = new ConcurrentHashMap<>();

    private Pkcs11Tokens() {
    }

    /** The token's key store, logged in (the provider is {@code keyStore.getProvider()}). */
    static synchronized KeyStore login(CaKeyLocation.Pkcs11Token location) {
        if (!Files.isRegularFile(location.library())) {
            throw new CaKeyException("PKCS#11 library " + location.library() + " does not exist");
        }
        long slot = location.slot().orElseGet(() -> TokenSlots.slotOf(location.library(), location.tokenLabel().get()));
        String key = location.library() + "#" + slot;
        Login cached = LOGGED_IN.get(key);
        if (cached != null) {
            if (!cached.pin().equals(location.pin())) {
                throw new CaKeyException("the PIN of " + location.describe() + " is not the PIN this token was logged "
                        + "in with (CKR_PIN_INCORRECT)");
            }
            return cached.keyStore();
        }
        Provider provider;
        try {
            provider = Security.getProvider("SunPKCS11").configure(config(location, slot));
        } catch (RuntimeException e) {
            throw new CaKeyException("PKCS#11 library " + location.library() + " slot " + slot + " does not load: "
                    + rootMessage(e));
        }
        char[] pin = location.pin().chars();
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS11", provider);
            keyStore.load(null, pin);
            LOGGED_IN.put(key, new Login(keyStore, location.pin()));
            return keyStore;
        } catch (IOException | java.security.GeneralSecurityException e) {
            String cause = rootMessage(e);
            throw new CaKeyException(cause.contains("CKR_PIN") ? "the PIN of " + location.describe()
                    + " is refused by the token (" + cause + ")" : "cannot log in to " + location.describe() + ": " + cause);
        } finally {
            java.util.Arrays.fill(pin, '\0');
        }
    }

    private static String config(CaKeyLocation.Pkcs11Token location, long slot) {
        return "--name=est-" + slot + "\n"
                + "library=" + location.library() + "\n"
                + "slot=" + slot + "\n"
                // the key stays in the token: a token object, usable only after login, never exported
                + "attributes(generate, CKO_PRIVATE_KEY, *) = {\n"
                + "  CKA_TOKEN = true\n  CKA_PRIVATE = true\n  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n"
                + "  CKA_SIGN = true\n}\n";
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        String message = e.getMessage();
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
