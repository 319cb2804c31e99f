// SPDX-License-Identifier: Apache-2.0
package org.estgateway.ejb.config;

/** est.properties is wrong: the message names the file and the key (never a secret value). */
public class ConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String source, String key, String problem) {
        super(source + ": " + key + ": " + problem);
    }
}
