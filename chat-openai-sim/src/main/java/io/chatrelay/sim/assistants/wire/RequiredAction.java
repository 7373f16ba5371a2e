package io.chatrelay.sim.assistants.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** What a {@code requires_action} run waits for: the outputs of the functions it called. */
@JsonPropertyOrder({"type"})
public record RequiredAction(SubmitToolOutputs submitToolOutputs) {

    /** The run calls one function, {@code name}, with arguments {@code {}}. */
    public static RequiredAction call(String callId, String name) {
        return new RequiredAction(new SubmitToolOutputs(List.of(new ToolCall(callId, new Function(name, "{}")))));
    }

    /** The calls whose outputs the run waits for. */
    public record SubmitToolOutputs(List<ToolCall> toolCalls) {}

    /** One function call. */
    @JsonPropertyOrder({"id", "type"})
    public record ToolCall(String id, Function function) {

        @JsonProperty
        String type() {
            return "function";
        }
    }

    /** The function called and its arguments, as JSON text. */
    public record Function(String name, String arguments) {}

    @JsonProperty
    String type() {
        return "submit_tool_outputs";
    }
}
