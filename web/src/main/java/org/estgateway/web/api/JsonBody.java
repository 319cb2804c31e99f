// SPDX-License-Identifier: Apache-2.0
package org.estgateway.web.api;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Set;
import org.estgateway.ejb.error.MalformedRequest;

/** Strict reading of API request bodies: a JSON object with known members of the right types. */
public final class JsonBody {
    private final JsonObject object;

    private JsonBody(JsonObject object) {
        this.object = object;
    }

    public static JsonBody parse(String text, Set<String> allowed) {
        if (text == null || text.isBlank()) {
            throw new MalformedRequest("a JSON object body is required");
        }
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
                throw new MalformedRequest("unknown member '" + key + "'");
            }
        }
        return new JsonBody(object);
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
