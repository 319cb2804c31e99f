// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.api;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Set;
import org.estgateway.ejb.error.MalformedRequest;
import org.estgateway.ejb.error.PayloadTooLarge;
import org.estgateway.ejb.input.InputText;

/**
 * Strict reading of API request bodies: a JSON object with known members of the right types. Before the JSON
 * parser sees a body, its size, nesting depth and number lengths are bounded (a 100,000-deep array or a 1 MB
 * number must not cost the parser's stack or a BigDecimal); every string member must be plain text
 * ({@link InputText}: a NUL must not reach PostgreSQL).
 */
public final class JsonBody {
    static final int MAX_CHARS = 256 * 1024;
    static final int MAX_DEPTH = 8;
    static final int MAX_NUMBER = 20;
    /** Longest string member (a PEM certificate chain fits). */
    static final int MAX_STRING = 64 * 1024;
    /** Members holding PEM text, where line breaks belong. */
    static final Set<String> PEM_MEMBERS = Set.of("certificate");
    private final JsonObject object;

    private JsonBody(JsonObject object) {
        this.object = object;
    }

    public static JsonBody parse(String text, Set<String> allowed) {
        if (text == null || text.isBlank()) {
            throw new MalformedRequest("a JSON object body is required");
        }
        if (text.length() > MAX_CHARS) {
            throw new PayloadTooLarge("JSON body exceeds " + MAX_CHARS + " characters");
        }
        checkShape(text);
        JsonValue value;
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            value = reader.readValue();
        } catch (JsonException | IllegalStateException e) {
            throw new MalformedRequest("body is not valid JSON");
        }
        if (!(value instanceof JsonObject object)) {
            throw new MalformedRequest("body must be a JSON object");
        }
        for (String key : object.keySet()) {
            if (!allowed.contains(key)) {
                throw new MalformedRequest(InputText.plain(key, 64) ? "unknown member '" + key + "'" : "unknown member");
            }
            JsonValue member = object.get(key);
            if (member instanceof JsonString string) {
                String problem = PEM_MEMBERS.contains(key) ? InputText.problemInLines(string.getString(), MAX_STRING)
                        : InputText.problem(string.getString(), MAX_STRING);
                if (problem != null) {
                    throw new MalformedRequest("'" + key + "' " + problem);
                }
            }
        }
        return new JsonBody(object);
    }

    /**
     * Nesting depth and number lengths, counted on the raw text outside string literals: the parser builds
     * nested values recursively and numbers as BigDecimal.
     */
    static void checkShape(String text) {
        int depth = 0;
        int digits = 0;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                if (++depth > MAX_DEPTH) {
                    throw new MalformedRequest("JSON nested deeper than " + MAX_DEPTH + " levels");
                }
            } else if (c == '}' || c == ']') {
                depth--;
            }
            boolean numberChar = c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
            digits = !inString && numberChar ? digits + 1 : 0;
            if (digits > MAX_NUMBER) {
                throw new MalformedRequest("JSON number longer than " + MAX_NUMBER + " characters");
            }
        }
    }

    public String string(String name) {
        JsonValue v = object.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v.getValueType() != JsonValue.ValueType.STRING) {
            throw new MalformedRequest("'" + name + "' must be a string");
        }
        return object.getString(name);
    }

    public boolean has(String name) {
        return object.containsKey(name) && object.get(name).getValueType() != JsonValue.ValueType.NULL;
    }

    public boolean bool(String name, boolean fallback) {
        JsonValue v = object.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return fallback;
        }
        if (v != JsonValue.TRUE && v != JsonValue.FALSE) {
            throw new MalformedRequest("'" + name + "' must be true or false");
        }
        return v == JsonValue.TRUE;
    }
}
