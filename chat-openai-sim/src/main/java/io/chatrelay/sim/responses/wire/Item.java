package io.chatrelay.sim.responses.wire;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** An item of a conversation or of a response's input or output. */
@JsonPropertyOrder({"type", "id"})
public sealed interface Item permits MessageItem, FunctionCallItem, PassedItem {

    String id();

    String type();
}
