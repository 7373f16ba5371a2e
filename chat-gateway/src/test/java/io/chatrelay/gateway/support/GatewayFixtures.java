package io.chatrelay.gateway.support;

import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Named examples for the gateway's tests. */
public final class GatewayFixtures {

    /**
     * How long a test waits for an answer: far more than any answer takes, so that only a hang fails, not a busy
     * machine (the first call of a context, or the first {@code /v3/api-docs}, can take seconds there).
     */
    public static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);

    private GatewayFixtures() {}

    /** A JSON body for {@code POST /v1/chats}. */
    public static String aChatBody(String companySlug, String message) {
        return "{\"companySlug\":\"" + companySlug + "\",\"message\":\"" + message + "\"}";
    }

    /** A JSON body for {@code POST /v1/chats} that continues a conversation. */
    public static String aChatBody(String companySlug, String message, String conversationId) {
        return "{\"companySlug\":\"" + companySlug + "\",\"message\":\"" + message + "\",\"conversationId\":\""
                + conversationId + "\"}";
    }

    /** What a worker emits for a request, after {@code accepted}: seq 1 to 5, the last one {@code completed}. */
    public static List<ChatEvent> aWorkersRun(String requestId, String conversationId) {
        Instant at = Instant.now();
        return List.of(
                new ChatEvent.Queued(requestId, conversationId, 1, at),
                new ChatEvent.Started(requestId, conversationId, 2, at, "resp_1"),
                new ChatEvent.DeltaEmitted(requestId, conversationId, 3, at, "Your order "),
                new ChatEvent.DeltaEmitted(requestId, conversationId, 4, at, "shipped."),
                new ChatEvent.Completed(
                        requestId, conversationId, 5, at, "resp_1", "Your order shipped.", new Usage(10, 4, 14)));
    }

    /**
     * A worker's run with many deltas, after {@code accepted}: seq 1 {@code queued}, seq 2 {@code started}, then
     * {@code deltas} deltas ({@code "part 1 "}, {@code "part 2 "}, …), then {@code completed} with their concatenation.
     */
    public static List<ChatEvent> aLongRun(String requestId, String conversationId, int deltas) {
        Instant at = Instant.now();
        List<ChatEvent> run = new ArrayList<>();
        run.add(new ChatEvent.Queued(requestId, conversationId, 1, at));
        run.add(new ChatEvent.Started(requestId, conversationId, 2, at, "resp_1"));
        StringBuilder answer = new StringBuilder();
        for (int i = 1; i <= deltas; i++) {
            String part = "part " + i + " ";
            answer.append(part);
            run.add(new ChatEvent.DeltaEmitted(requestId, conversationId, 2 + i, at, part));
        }
        run.add(new ChatEvent.Completed(
                requestId,
                conversationId,
                3 + deltas,
                at,
                "resp_1",
                answer.toString(),
                new Usage(10, deltas, 10 + deltas)));
        return run;
    }
}
