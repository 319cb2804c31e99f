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
 * {@code -Dest.fuzz.seed=S} replays one run (jqwik prints the seed of a failing run). Under CI ({@code CI=true},
 * as .ci/run sets it) the seed is fixed ({@value #CI_SEED}) so that a CI run is reproducible and main stays
 * green; developers' runs draw a new seed each time and so explore further.
 */
public final class FuzzTries implements AroundPropertyHook {
    static final String TRIES = "est.fuzz.tries";
    static final String SEED = "est.fuzz.seed";
    static final String CI_SEED = "20261130";

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
        if ((seed == null || seed.isBlank()) && "true".equalsIgnoreCase(System.getenv("CI"))) {
            seed = CI_SEED;
        }
        if (seed != null && !seed.isBlank()) {
            context.attributes().setSeed(seed.strip());
        }
        return property.execute();
    }
}
