package io.chatrelay.common.wire;

/** Token counts of one finished run, as the upstream reported them. */
public record Usage(long inputTokens, long outputTokens, long totalTokens) {}
