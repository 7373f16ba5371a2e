package io.chatrelay.common.wire;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** The wire names of the {@link ChatEvent} family, as they appear in JSON, SSE and Kafka headers. */
public enum EventType {
    ACCEPTED("accepted", false),
    QUEUED("queued", false),
    THREAD("thread", false),
    STARTED("started", false),
    DELTA("delta", false),
    RETRYING("retrying", false),
    COMPLETED("completed", true),
    FAILED("failed", true),
    CANCELLED("cancelled", true),
    DEAD_LETTERED("dead_lettered", true);

    private final String wireName;
    private final boolean terminal;

    EventType(String wireName, boolean terminal) {
        this.wireName = wireName;
        this.terminal = terminal;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Whether no further event follows for the request (a {@code failed} may still be followed by {@code dead_lettered}). */
    public boolean terminal() {
        return terminal;
    }

    public static Optional<EventType> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }
}
