package io.chatrelay.sim.responses.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The model calls a function; the client runs it and hands back a {@code function_call_output} item. */
public record FunctionCallItem(String id, String callId, String name, String arguments, String status) implements Item {

    @Override
    @JsonProperty
    public String type() {
        return "function_call";
    }
}
