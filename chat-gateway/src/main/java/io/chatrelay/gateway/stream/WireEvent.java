package io.chatrelay.gateway.stream;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.EventType;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One event as the workers wrote it: its seq and wire type, told by a Kafka header or a history field, and its JSON,
 * kept as received. The relay forwards the JSON without parsing it; only an event that does not tell its seq and
 * type beside the JSON (from a worker older than those headers) is parsed for them.
 *
 * @param seq the event's seq
 * @param type its wire type; one this gateway does not know (a newer worker's) is forwarded as it is
 * @param json the event's JSON
 */
record WireEvent(long seq, String type, String json) {

    private static final Map<String, EventType> TYPES =
            Arrays.stream(EventType.values()).collect(Collectors.toMap(EventType::wireName, Function.identity()));

    /** Whether nothing follows it for its request, by its type. */
    boolean terminal() {
        EventType known = TYPES.get(type);
        return known != null && known.terminal();
    }

    /** Whether it may change the request's status: every event but a text delta. */
    boolean changesStatus() {
        return !EventType.DELTA.wireName().equals(type);
    }

    /**
     * The event of a seq and a type given beside its JSON, or, when either is missing, of the parsed JSON.
     *
     * @throws RuntimeException when the JSON has to be parsed and cannot be, or the seq is not a number
     */
    static WireEvent of(String seq, String type, String json) {
        if (seq == null || type == null) {
            ChatEvent event = ChatCodec.instance().readEvent(json);
            return new WireEvent(event.seq(), event.type().wireName(), json);
        }
        return new WireEvent(Long.parseLong(seq), type, json);
    }
}
