// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.ca.key;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;

/**
 * Finds the slot of a token by its label. SunPKCS11's configuration names a slot only by number (SoftHSM renumbers
 * a token's slot when it is initialised), so the label is looked up through the JDK's own PKCS#11 wrapper, which
 * needs {@code --add-exports jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED} (the launcher sets it).
 */
final class TokenSlots {
    private static final String WRAPPER = "sun.security.pkcs11.wrapper.";
    private static final long CKF_OS_LOCKING_OK = 0x2L; // as SunPKCS11 initialises the library

    private TokenSlots() {
    }

    static long slotOf(Path library, String tokenLabel) {
        Object p11;
        Class<?> wrapper;
        try {
            ClassLoader platform = ClassLoader.getPlatformClassLoader();
            wrapper = Class.forName(WRAPPER + "PKCS11", true, platform);
            Class<?> argsType = Class.forName(WRAPPER + "CK_C_INITIALIZE_ARGS", true, platform);
            Object args = argsType.getConstructor().newInstance();
            argsType.getField("flags").setLong(args, CKF_OS_LOCKING_OK);
            Method getInstance = wrapper.getMethod("getInstance", String.class, String.class, argsType, boolean.class);
            p11 = getInstance.invoke(null, library.toString(), "C_GetFunctionList", args, false);
        } catch (InvocationTargetException e) {
            throw new CaKeyException("PKCS#11 library " + library + " does not load: " + e.getCause().getMessage());
        } catch (ReflectiveOperationException | IllegalAccessError | RuntimeException e) {
            throw new CaKeyException("token=" + tokenLabel + " needs the JVM option --add-exports "
                    + "jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED (set by bin/est-gateway.sh); "
                    + "or name the token by slot=");
        }
        try {
            long[] slots = (long[]) wrapper.getMethod("C_GetSlotList", boolean.class).invoke(p11, true);
            Method tokenInfo = wrapper.getMethod("C_GetTokenInfo", long.class);
            for (long slot : slots) {
                Object info = tokenInfo.invoke(p11, slot);
                char[] label = (char[]) info.getClass().getField("label").get(info); // blank-padded to 32
                if (new String(label).strip().equals(tokenLabel)) {
                    return slot;
                }
            }
            throw new CaKeyException("PKCS#11 library " + library + " has no token labelled '" + tokenLabel + "'");
        } catch (InvocationTargetException e) {
            throw new CaKeyException("PKCS#11 library " + library + " cannot list its tokens: "
                    + e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            throw new CaKeyException("PKCS#11 library " + library + " cannot list its tokens: " + e);
        }
    }
}
