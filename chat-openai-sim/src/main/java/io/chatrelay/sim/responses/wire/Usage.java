package io.chatrelay.sim.responses.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Tokens a response read and wrote; nothing is cached and nothing is spent on reasoning. */
public record Usage(long inputTokens, long outputTokens) {

    record InputTokensDetails(long cachedTokens, long cacheWriteTokens) {}

    record OutputTokensDetails(long reasoningTokens) {}

    @JsonProperty
    InputTokensDetails inputTokensDetails() {
        return new InputTokensDetails(0, 0);
    }

    @JsonProperty
    OutputTokensDetails outputTokensDetails() {
        return new OutputTokensDetails(0);
    }

    @JsonProperty
    long totalTokens() {
        return inputTokens + outputTokens;
    }
}
