package io.chatrelay.sim.responses.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/** A conversation as {@code /v1/conversations} answers it; its items are listed apart. */
@JsonPropertyOrder({"id", "object"})
public record ConversationObject(String id, long createdAt, Map<String, String> metadata) {

    @JsonProperty
    String object() {
        return "conversation";
    }
}
