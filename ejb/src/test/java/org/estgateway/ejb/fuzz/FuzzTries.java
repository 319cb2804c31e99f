// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.fuzz;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Lets CI or a developer scale every fuzz property without editing it: {@code -Dest.fuzz.tries=N} replaces the
 * tries of each property (the annotated defaults keep each property under about 15 s on the slow CI machine),
 * {@code -Dest.fuzz.seed=S} replays one run (jqwik prints the seed of a failing run).
 */
public final class FuzzTries implements AroundPropertyHook {
    static final String TRIES = "est.fuzz.tries";
    static final String SEED = "est.fuzz.seed";

    /** Registered on a test class, it applies to each of its properties. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String tries = System.getProperty(TRIES);
        if (tries != null && !tries.isBlank()) {
            context.attributes().setTries(Integer.parseInt(tries.strip()));
        }
        String seed = System.getProperty(SEED);
        if (seed != null && !seed.isBlank()) {
            context.attributes().setSeed(seed.strip());
        }
        return property.execute();
    }
}
