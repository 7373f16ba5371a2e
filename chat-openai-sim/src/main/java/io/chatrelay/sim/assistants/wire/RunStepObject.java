package io.chatrelay.sim.assistants.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * The step of a run that writes its message, as its {@code thread.run.step.*} events carry it.
 *
 * @param completedAt set once the step completed
 * @param usage set once the step completed
 */
@JsonPropertyOrder({"id", "object"})
public record RunStepObject(
        String id,
        long createdAt,
        String runId,
        String assistantId,
        String threadId,
        String status,
        Long completedAt,
        StepDetails stepDetails,
        Usage usage) {

    /** The step creates one message. */
    @JsonPropertyOrder({"type"})
    public record StepDetails(MessageCreation messageCreation) {

        @JsonProperty
        String type() {
            return "message_creation";
        }
    }

    /** The message the step creates. */
    public record MessageCreation(String messageId) {}

    @JsonProperty
    String object() {
        return "thread.run.step";
    }

    @JsonProperty
    String type() {
        return "message_creation";
    }

    @JsonProperty
    Long cancelledAt() {
        return null;
    }

    @JsonProperty
    Long expiredAt() {
        return null;
    }

    @JsonProperty
    Long failedAt() {
        return null;
    }

    @JsonProperty
    Object lastError() {
        return null;
    }

    @JsonProperty
    Map<String, String> metadata() {
        return Map.of();
    }
}
