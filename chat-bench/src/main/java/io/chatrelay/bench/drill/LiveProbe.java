package io.chatrelay.bench.drill;

import io.chatrelay.bench.load.LoadClient;
import io.chatrelay.bench.load.TrackedChat;
import io.chatrelay.bench.stack.Stack;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Whether the gateway relays events live: one new chat, followed over SSE from its 202, must end within {@link
 * #LIVE_WITHIN} without a reconnect. A gateway whose relay stopped would show the end only when the stream's silence
 * check reads the history (after 30 s), or after the client reconnects.
 */
final class LiveProbe {

    /** Well above a chat's time upstream, well below the gateway's silence recheck. */
    static final Duration LIVE_WITHIN = Duration.ofSeconds(10);

    /** How long the probe keeps posting while the gateway answers 503 (Kafka not yet back for it). */
    private static final Duration ACCEPT_WITHIN = Duration.ofSeconds(60);

    private LiveProbe() {}

    /** @throws IllegalStateException when no chat was accepted, or the accepted one did not end live in time */
    static void newChatEndsLive(Stack stack) {
        try (LoadClient client =
                new LoadClient(stack.gatewayUrl(), Stack.COMPANY, Duration.ofMinutes(2), Duration.ofMinutes(2))) {
            long deadline = System.nanoTime() + ACCEPT_WITHIN.toNanos();
            int number = 1_000_000;
            while (System.nanoTime() < deadline) {
                List<TrackedChat> chats = client.post(1, Duration.ofSeconds(1), number++);
                boolean ended = client.awaitEnds(chats, LIVE_WITHIN);
                TrackedChat chat = chats.getFirst();
                if (!chat.accepted()) {
                    LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
                    continue;
                }
                if (!ended || chat.reconnects() > 0) {
                    throw new IllegalStateException("chat " + chat.requestId() + " did not end live within "
                            + LIVE_WITHIN.toSeconds() + " s (ended: " + chat.terminal() + ", reconnects: "
                            + chat.reconnects() + ")");
                }
                return;
            }
            throw new IllegalStateException("no chat was accepted within " + ACCEPT_WITHIN.toSeconds() + " s");
        }
    }
}
