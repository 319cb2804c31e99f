// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.api;

import jakarta.json.JsonObjectBuilder;

/** Small JSON building helpers shared by the API resources. */
final class Json2 {
    private Json2() {
    }

    static void optional(JsonObjectBuilder b, String name, String value) {
        if (value != null) {
            b.add(name, value);
        }
    }
}
