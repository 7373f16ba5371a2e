package io.chatrelay.sim.assistants.wire;

/** Why a message or a run ended before it was whole. */
public record IncompleteDetails(String reason) {}
