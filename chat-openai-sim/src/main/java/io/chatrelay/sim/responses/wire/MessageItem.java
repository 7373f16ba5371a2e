package io.chatrelay.sim.responses.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A message item: the user's words, or the model's answer (its content empty until the first word). */
public record MessageItem(String id, String status, String role, List<ContentPart> content) implements Item {

    @Override
    @JsonProperty
    public String type() {
        return "message";
    }
}
