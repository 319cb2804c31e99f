// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.api;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;
import org.estgateway.ejb.input.InputText;

/**
 * Every query and path parameter of the admin API is plain text of bounded length ({@link InputText}) before
 * authentication, a resource or the database sees it: a {@code %00} in a search filter or a path was a 500 from
 * PostgreSQL. Refusals are 400 problem documents. JSON bodies are checked by {@link JsonBody}.
 */
@Provider
@Priority(Priorities.AUTHENTICATION - 100)
public class ApiInputFilter implements ContainerRequestFilter {
    static final int MAX_PARAMETERS = 32;

    @Override
    public void filter(ContainerRequestContext request) {
        UriInfo uri = request.getUriInfo();
        String path = uri.getPath();
        if (!path.startsWith("/api/") && !path.startsWith("api/")) {
            return;
        }
        String problem = problem(uri.getQueryParameters(), "query parameter");
        if (problem == null) {
            problem = problem(uri.getPathParameters(), "path parameter");
        }
        if (problem != null) {
            request.abortWith(Problem.response(400, problem).build());
        }
    }

    static String problem(MultivaluedMap<String, String> parameters, String kind) {
        if (parameters.size() > MAX_PARAMETERS) {
            return "more than " + MAX_PARAMETERS + " " + kind + "s";
        }
        for (Map.Entry<String, List<String>> p : parameters.entrySet()) {
            String name = p.getKey();
            if (!InputText.plain(name, 64)) {
                return kind + " name is not plain text of at most 64 characters";
            }
            if (p.getValue().size() > 1) {
                return kind + " '" + name + "' given more than once";
            }
            for (String value : p.getValue()) {
                String bad = InputText.problem(value, InputText.SHORT);
                if (bad != null) {
                    return kind + " '" + name + "' " + bad;
                }
            }
        }
        return null;
    }
}
