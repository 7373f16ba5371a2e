package io.chatrelay.gateway.stream;

import io.chatrelay.common.codec.ChatCodec;
import java.util.Map;
import org.springframework.http.codec.ServerSentEvent;

/**
 * One thing to write on an SSE connection, and whether the stream ends after it.
 *
 * @param sse what to write, or null for an end marker that writes nothing
 * @param last whether the stream closes after this frame
 */
record Frame(ServerSentEvent<String> sse, boolean last) {

    /** Sent when the history of a request expired: the client learns that events may be missing. */
    static final String HISTORY_LOST = "history_lost";
    /** Sent to a subscriber whose buffer overflowed, just before its stream closes. */
    static final String TOO_SLOW = "too_slow";

    /**
     * The event's frame: {@code id} its seq, {@code event} its type, {@code data} its JSON as the worker wrote it; the
     * stream ends after a terminal event.
     */
    static Frame of(WireEvent event) {
        return of(event, event.terminal());
    }

    /** The event's frame, ending the stream when {@code last}. */
    static Frame of(WireEvent event, boolean last) {
        return new Frame(
                ServerSentEvent.<String>builder()
                        .id(Long.toString(event.seq()))
                        .event(event.type())
                        .data(event.json())
                        .build(),
                last);
    }

    static Frame heartbeat() {
        return new Frame(ServerSentEvent.<String>builder().comment("heartbeat").build(), false);
    }

    static Frame end() {
        return new Frame(null, true);
    }

    /** Without an id, so the client's Last-Event-ID stays at the last event it really received. */
    static Frame signal(String type, String requestId, String message, boolean last) {
        String data = ChatCodec.instance().toJson(Map.of("type", type, "request_id", requestId, "message", message));
        return new Frame(
                ServerSentEvent.<String>builder().event(type).data(data).build(), last);
    }
}
