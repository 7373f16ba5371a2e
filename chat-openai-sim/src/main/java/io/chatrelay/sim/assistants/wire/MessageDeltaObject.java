package io.chatrelay.sim.assistants.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** A {@code thread.message.delta} event: the next words of a message being written. */
@JsonPropertyOrder({"id", "object"})
public record MessageDeltaObject(String id, Delta delta) {

    /** The words added to the message's first part. */
    public static MessageDeltaObject words(String messageId, String words) {
        return new MessageDeltaObject(
                messageId, new Delta(List.of(new DeltaContent(0, new MessageObject.Text(words)))));
    }

    /** The parts that grew. */
    public record Delta(List<DeltaContent> content) {}

    /** The words added to part {@code index}. */
    @JsonPropertyOrder({"index", "type"})
    public record DeltaContent(int index, MessageObject.Text text) {

        @JsonProperty
        String type() {
            return "text";
        }
    }

    @JsonProperty
    String object() {
        return "thread.message.delta";
    }
}
