package io.chatrelay.worker.engine.responses;

import com.openai.client.OpenAIClient;
import com.openai.models.conversations.items.ConversationItem;
import com.openai.models.conversations.items.ItemListParams;
import io.chatrelay.worker.engine.ChatEngine;
import io.chatrelay.worker.engine.Turn;
import io.chatrelay.worker.retry.Pauses;
import io.chatrelay.worker.retry.UpstreamRetry;
import io.chatrelay.worker.upstream.OpenAiProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds what a create whose outcome is unknown already got: the upstream has no idempotency key, so before asking
 * again the conversation is searched for the items an earlier attempt's response added after the create's input.
 */
final class AnsweredTurns {

    /** How long a locked conversation is watched for the answer of a response an earlier attempt created. */
    private static final Duration LOCKED_WAIT = Duration.ofMinutes(2);

    /** How many of the conversation's newest items are searched. */
    private static final int SEARCHED_ITEMS = 20;

    private final OpenAIClient client;
    private final UpstreamRetry retry;
    private final OpenAiProperties properties;

    AnsweredTurns(OpenAIClient client, UpstreamRetry retry, OpenAiProperties properties) {
        this.client = client;
        this.retry = retry;
        this.properties = properties;
    }

    /** The input item that starts a create's items in the conversation. */
    sealed interface Anchor {
        /** The turn's first create: the user's message, known by its text. */
        record UserMessage(String text) implements Anchor {}

        /** A create that hands back function outputs: the output of the call {@code callId}. */
        record CallOutput(String callId) implements Anchor {}
    }

    /**
     * Watches a locked conversation for the create's answer: the response an earlier attempt created runs there, and
     * the conversation gets its items when it finishes. Gives up (empty) after {@link #LOCKED_WAIT} or on a stop, and
     * the create is tried again.
     */
    Optional<ResponseSummary> await(Turn turn, String conversation, Anchor anchor) {
        long deadline = System.nanoTime() + LOCKED_WAIT.toNanos();
        Pauses polls = Pauses.polls(properties.pollInterval());
        while (System.nanoTime() < deadline && turn.stop().reason().isEmpty()) {
            ChatEngine.pause(polls.next());
            Optional<ResponseSummary> answered = find(turn, conversation, anchor);
            if (answered.isPresent()) {
                return answered;
            }
        }
        return Optional.empty();
    }

    /**
     * What the conversation holds after {@code anchor}, when the anchor is among its newest items and a response
     * answered it: the text of its messages and the function calls it made. Its id and usage are not known.
     */
    Optional<ResponseSummary> find(Turn turn, String conversation, Anchor anchor) {
        List<ConversationItem> items = retry.run(
                        "conversations.items.list",
                        turn.progress(),
                        () -> client.conversations()
                                .items()
                                .list(
                                        conversation,
                                        ItemListParams.builder()
                                                .order(ItemListParams.Order.DESC)
                                                .limit(SEARCHED_ITEMS)
                                                .build()))
                .data();
        StringBuilder answer = new StringBuilder();
        List<ResponseSummary.FunctionCallItem> calls = new ArrayList<>();
        for (ConversationItem item : items) {
            if (item.functionCall().isPresent()) {
                var call = item.functionCall().get();
                calls.addFirst(new ResponseSummary.FunctionCallItem(call.callId(), call.name(), call.arguments()));
            } else if (item.message().isPresent()) {
                var message = item.message().get();
                StringBuilder text = new StringBuilder();
                message.content().forEach(c -> {
                    c.inputText().ifPresent(t -> text.append(t.text()));
                    c.outputText().ifPresent(t -> text.append(t.text()));
                });
                String role = message.role().asString();
                if (role.equals("assistant")) {
                    answer.insert(0, text);
                } else if (role.equals("user")) {
                    // The anchor, or a user's message newer than it: the search ends either way.
                    return anchor instanceof Anchor.UserMessage(String words)
                                    && text.toString().equals(words)
                            ? answered(answer.toString(), calls)
                            : Optional.empty();
                }
            } else if (anchor instanceof Anchor.CallOutput(String callId)
                    && item.functionCallOutput()
                            .flatMap(output -> output.callId())
                            .filter(callId::equals)
                            .isPresent()) {
                return answered(answer.toString(), calls);
            }
        }
        return Optional.empty();
    }

    /** What a response added after the anchor; empty when it added nothing yet. */
    private static Optional<ResponseSummary> answered(String text, List<ResponseSummary.FunctionCallItem> calls) {
        return text.isEmpty() && calls.isEmpty()
                ? Optional.empty()
                : Optional.of(new ResponseSummary(null, "completed", text, List.copyOf(calls), null, null, null));
    }
}
