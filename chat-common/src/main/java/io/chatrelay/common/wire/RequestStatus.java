package io.chatrelay.common.wire;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** Where a request stands, as kept in its Redis state and shown by {@code GET /v1/chats/{id}}. */
public enum RequestStatus {
    ACCEPTED("accepted", false),
    QUEUED("queued", false),
    RUNNING("running", false),
    RETRYING("retrying", false),
    COMPLETED("completed", true),
    FAILED("failed", true),
    CANCELLED("cancelled", true),
    DEAD_LETTERED("dead_lettered", true);

    private final String wireName;
    private final boolean terminal;

    RequestStatus(String wireName, boolean terminal) {
        this.wireName = wireName;
        this.terminal = terminal;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public boolean terminal() {
        return terminal;
    }

    public static Optional<RequestStatus> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(wireName)).findFirst();
    }
}
