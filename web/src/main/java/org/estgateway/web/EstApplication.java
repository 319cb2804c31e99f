// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * One JAX-RS application at the context root: EST under {@code /.well-known/est/} (RFC 7030 §3.2.2), the
 * admin API under {@code /api/v1}, the CRL at {@code /crl}.
 */
@ApplicationPath("/")
public class EstApplication extends Application {
}
