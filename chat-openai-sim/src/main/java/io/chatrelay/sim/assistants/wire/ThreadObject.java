package io.chatrelay.sim.assistants.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/** A thread as {@code /v1/threads} answers it; its messages are listed apart. */
@JsonPropertyOrder({"id", "object"})
public record ThreadObject(String id, long createdAt, Map<String, String> metadata) {

    @JsonProperty
    String object() {
        return "thread";
    }

    @JsonProperty
    Map<String, Object> toolResources() {
        return Map.of();
    }
}
