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

    /** The id as text: the client's own when it gave one (a string, as OpenAI's are), else the one added. */
    @Override
    public String id() {
        return String.valueOf(fields.get("id"));
    }

    /** The type as the client wrote it, as text. */
    @Override
    public String type() {
        return String.valueOf(fields.get("type"));
    }

    public Object get(String field) {
        return fields.get(field);
    }
}
