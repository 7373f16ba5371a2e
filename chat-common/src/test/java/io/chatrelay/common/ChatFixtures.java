package io.chatrelay.common;

import io.chatrelay.common.wire.AssistantProfile;
import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.common.wire.Engine;
import io.chatrelay.common.wire.Usage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Named, fixed examples of every wire record, used by the golden-file tests. */
public final class ChatFixtures {

    public static final String REQUEST_ID = "req-7f3a";
    public static final String CONVERSATION_ID = "conv-42";
    public static final Instant AT = Instant.parse("2026-11-27T10:15:30.123Z");

    private ChatFixtures() {}

    public static ChatRequest aChatRequest() {
        return ChatRequest.of(
                REQUEST_ID, CONVERSATION_ID, "acme", "What is my order status?", Map.of("channel", "web"), AT);
    }

    public static AssistantProfile aResponsesProfile() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("max_output_tokens", 256);
        return new AssistantProfile(Engine.RESPONSES, null, "gpt-4.1-mini", "Answer briefly.", null, options);
    }

    /** One example of every event type, keyed by its wire name. */
    public static Map<String, ChatEvent> oneOfEachEvent() {
        Map<String, ChatEvent> events = new LinkedHashMap<>();
        for (ChatEvent event : List.of(
                new ChatEvent.Accepted(REQUEST_ID, CONVERSATION_ID, 0, AT, "acme"),
                new ChatEvent.Queued(REQUEST_ID, CONVERSATION_ID, 1, AT),
                new ChatEvent.ThreadBound(REQUEST_ID, CONVERSATION_ID, 2, AT, "conv_abc123", Engine.RESPONSES),
                new ChatEvent.Started(REQUEST_ID, CONVERSATION_ID, 3, AT, "resp_def456"),
                new ChatEvent.DeltaEmitted(REQUEST_ID, CONVERSATION_ID, 4, AT, "Your order "),
                new ChatEvent.RetryScheduled(REQUEST_ID, CONVERSATION_ID, 5, AT, 2, 1500, "429 rate_limit_exceeded"),
                new ChatEvent.Completed(
                        REQUEST_ID,
                        CONVERSATION_ID,
                        6,
                        AT,
                        "resp_def456",
                        "Your order shipped.",
                        new Usage(120, 8, 128)),
                new ChatEvent.Failed(REQUEST_ID, CONVERSATION_ID, 7, AT, "run_timeout", "Run took over 120s", false),
                new ChatEvent.Cancelled(REQUEST_ID, CONVERSATION_ID, 8, AT, "client"),
                new ChatEvent.DeadLettered(
                        REQUEST_ID, CONVERSATION_ID, 9, AT, "upstream_rejected", "400 invalid_request_error"))) {
            events.put(event.type().wireName(), event);
        }
        return events;
    }
}
