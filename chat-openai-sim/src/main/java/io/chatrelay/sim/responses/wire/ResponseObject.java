package io.chatrelay.sim.responses.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * A response as {@code /v1/responses} answers it and its lifecycle events carry. Fields the simulator never varies
 * (sampling, text format, tool choice…) are fixed here; the request's own fields are repeated as it gave them.
 *
 * @param completedAt set once the response completed
 * @param error set when the response failed
 * @param incompleteDetails set when the response ended incomplete
 * @param conversation the conversation the response runs on, or {@code null}
 * @param tools the tools of the request, as given
 * @param usage set once the response is terminal (failed aside)
 * @param prompt the prompt of the request, as given; left out when there was none
 */
@JsonPropertyOrder({"id", "object"})
public record ResponseObject(
        String id,
        long createdAt,
        String status,
        Long completedAt,
        boolean background,
        ErrorDetail error,
        IncompleteDetails incompleteDetails,
        String instructions,
        Integer maxOutputTokens,
        String model,
        List<Item> output,
        String previousResponseId,
        ConversationRef conversation,
        List<Object> tools,
        Usage usage,
        Map<String, String> metadata,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> prompt) {

    /** Why a response failed. */
    public record ErrorDetail(String code, String message) {}

    /** Why a response ended before its answer was whole. */
    public record IncompleteDetails(String reason) {}

    /** The conversation a response belongs to. */
    public record ConversationRef(String id) {}

    /** No reasoning: a simulated model does not think. */
    record Reasoning(String effort, String summary) {}

    /** Plain text output. */
    record TextConfig(Format format) {
        record Format(String type) {}
    }

    @JsonProperty
    String object() {
        return "response";
    }

    @JsonProperty
    boolean parallelToolCalls() {
        return true;
    }

    @JsonProperty
    Reasoning reasoning() {
        return new Reasoning(null, null);
    }

    @JsonProperty
    boolean store() {
        return true;
    }

    @JsonProperty
    double temperature() {
        return 1.0;
    }

    @JsonProperty
    TextConfig text() {
        return new TextConfig(new TextConfig.Format("text"));
    }

    @JsonProperty
    String toolChoice() {
        return "auto";
    }

    @JsonProperty
    double topP() {
        return 1.0;
    }

    @JsonProperty
    String truncation() {
        return "disabled";
    }

    @JsonProperty
    String user() {
        return null;
    }
}
