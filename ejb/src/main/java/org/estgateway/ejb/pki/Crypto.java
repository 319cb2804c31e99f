// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.pki;

import java.security.Provider;
import java.security.SecureRandom;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one Bouncy Castle provider instance of the application. Never look BC up by name: inside WildFly
 * {@code Security.getProvider("BC")} is WildFly's own, older BC module (see STACK.md §4).
 */
public final class Crypto {
    public static final Provider BC = new BouncyCastleProvider();
    public static final SecureRandom RANDOM = new SecureRandom();

    private Crypto() {
    }
}
