package io.chatrelay.sim.assistants.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Tokens a run (or its step) read and wrote. */
public record Usage(long promptTokens, long completionTokens) {

    @JsonProperty
    long totalTokens() {
        return promptTokens + completionTokens;
    }
}
