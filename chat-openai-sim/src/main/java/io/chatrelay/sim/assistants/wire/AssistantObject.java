package io.chatrelay.sim.assistants.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/** An assistant as {@code /v1/assistants} answers it: no tools, default sampling. */
@JsonPropertyOrder({"id", "object"})
public record AssistantObject(
        String id,
        long createdAt,
        String name,
        String description,
        String model,
        String instructions,
        Map<String, String> metadata) {

    @JsonProperty
    String object() {
        return "assistant";
    }

    @JsonProperty
    List<Object> tools() {
        return List.of();
    }

    @JsonProperty
    double topP() {
        return 1.0;
    }

    @JsonProperty
    double temperature() {
        return 1.0;
    }

    @JsonProperty
    String responseFormat() {
        return "auto";
    }
}
