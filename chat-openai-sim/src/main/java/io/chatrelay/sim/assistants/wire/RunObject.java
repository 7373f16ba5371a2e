package io.chatrelay.sim.assistants.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * A run as {@code /v1/threads/{id}/runs} answers it and its {@code thread.run.*} events carry. Fields the simulator
 * never varies (sampling, truncation, tool choice…) are fixed here.
 *
 * @param requiredAction set while the run waits for function outputs
 * @param lastError set when the run failed
 * @param expiresAt when a run left waiting would expire
 * @param incompleteDetails set when the run ended incomplete
 * @param usage set once the run completed or ended incomplete
 */
@JsonPropertyOrder({"id", "object"})
public record RunObject(
        String id,
        long createdAt,
        String threadId,
        String assistantId,
        String status,
        RequiredAction requiredAction,
        LastError lastError,
        long expiresAt,
        Long startedAt,
        Long cancelledAt,
        Long failedAt,
        Long completedAt,
        IncompleteDetails incompleteDetails,
        String model,
        String instructions,
        Map<String, String> metadata,
        Usage usage) {

    /** Why a run failed. */
    public record LastError(String code, String message) {}

    /** The thread is not truncated. */
    record TruncationStrategy(String type, Integer lastMessages) {}

    @JsonProperty
    String object() {
        return "thread.run";
    }

    @JsonProperty
    List<Object> tools() {
        return List.of();
    }

    @JsonProperty
    double temperature() {
        return 1.0;
    }

    @JsonProperty
    double topP() {
        return 1.0;
    }

    @JsonProperty
    Integer maxPromptTokens() {
        return null;
    }

    @JsonProperty
    Integer maxCompletionTokens() {
        return null;
    }

    @JsonProperty
    TruncationStrategy truncationStrategy() {
        return new TruncationStrategy("auto", null);
    }

    @JsonProperty
    String toolChoice() {
        return "auto";
    }

    @JsonProperty
    boolean parallelToolCalls() {
        return true;
    }

    @JsonProperty
    String responseFormat() {
        return "auto";
    }
}
