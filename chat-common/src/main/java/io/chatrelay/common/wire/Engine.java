package io.chatrelay.common.wire;

import com.fasterxml.jackson.annotation.JsonValue;

/** Which upstream API runs a company's conversations. */
public enum Engine {
    /** Conversations + Responses API (the default). */
    RESPONSES("responses"),
    /** Legacy Assistants threads/runs API, for compatible servers. */
    ASSISTANTS("assistants");

    private final String wireName;

    Engine(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
