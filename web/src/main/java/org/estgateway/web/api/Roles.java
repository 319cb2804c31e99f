// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The account roles that may call an admin API resource or method (the method's annotation wins). */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Roles {
    String[] value();
}
