package io.chatrelay.sim.responses.wire;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An input item other than a message (a function's output, a call handed back…): kept and sent back as the client
 * wrote it, with an id added when it had none.
 */
public record PassedItem(@JsonValue Map<String, Object> fields) implements Item {

    public PassedItem {
        // A copy that keeps null values, which Map.copyOf would refuse.
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    @Override
    public String id() {
        return String.valueOf(fields.get("id"));
    }

    @Override
    public String type() {
        return (String) fields.get("type");
    }

    public Object get(String field) {
        return fields.get(field);
    }
}
