package io.chatrelay.sim.responses.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** A part of a message item's content. */
@JsonPropertyOrder({"type"})
public sealed interface ContentPart {

    String text();

    String type();

    /** What the user wrote. */
    record InputText(String text) implements ContentPart {

        @Override
        @JsonProperty
        public String type() {
            return "input_text";
        }
    }

    /** What the model wrote, without annotations or log probabilities. */
    record OutputText(String text) implements ContentPart {

        @Override
        @JsonProperty
        public String type() {
            return "output_text";
        }

        @JsonProperty
        List<Object> annotations() {
            return List.of();
        }

        @JsonProperty
        List<Object> logprobs() {
            return List.of();
        }
    }
}
