package io.chatrelay.worker.engine.responses;

import com.openai.client.OpenAIClient;
import com.openai.models.conversations.items.ConversationItem;
import com.openai.models.conversations.items.ItemListParams;
import io.chatrelay.worker.engine.ChatEngine;
import io.chatrelay.worker.engine.Turn;
import io.chatrelay.worker.retry.UpstreamRetry;
import io.chatrelay.worker.upstream.OpenAiProperties;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Finds a turn's answer in its conversation, for a create whose outcome is unknown: the upstream has no idempotency
 * key, so before asking again the conversation is searched for the answer an earlier attempt already got.
 */
final class AnsweredTurns {

    /** How long a locked conversation is watched for the answer of a response an earlier attempt created. */
    private static final Duration LOCKED_WAIT = Duration.ofMinutes(2);

    private final OpenAIClient client;
    private final UpstreamRetry retry;
    private final OpenAiProperties properties;

    AnsweredTurns(OpenAIClient client, UpstreamRetry retry, OpenAiProperties properties) {
        this.client = client;
        this.retry = retry;
        this.properties = properties;
    }

    /**
     * Watches a locked conversation for this turn's answer: the response an earlier attempt created runs there, and
     * the conversation gets its answer when it finishes. Gives up (empty) after {@link #LOCKED_WAIT} or on a stop, and
     * the create is tried again.
     */
    Optional<String> await(Turn turn, String conversation, String message) {
        long deadline = System.nanoTime() + LOCKED_WAIT.toNanos();
        Duration wait = properties.pollInterval();
        while (System.nanoTime() < deadline && turn.stop().reason().isEmpty()) {
            ChatEngine.pause(wait);
            wait = ChatEngine.nextPoll(wait);
            Optional<String> answered = find(turn, conversation, message);
            if (answered.isPresent()) {
                return answered;
            }
        }
        return Optional.empty();
    }

    /** The answer already in the conversation for {@code message}, when its newest user item is that message. */
    Optional<String> find(Turn turn, String conversation, String message) {
        List<ConversationItem> items = retry.run(
                        "conversations.items.list",
                        turn.progress(),
                        () -> client.conversations()
                                .items()
                                .list(
                                        conversation,
                                        ItemListParams.builder()
                                                .order(ItemListParams.Order.DESC)
                                                .limit(10)
                                                .build()))
                .data();
        StringBuilder answer = new StringBuilder();
        for (ConversationItem item : items) {
            if (item.message().isEmpty()) {
                continue;
            }
            var itemMessage = item.message().get();
            String role = itemMessage.role().asString();
            StringBuilder text = new StringBuilder();
            itemMessage.content().forEach(c -> {
                c.inputText().ifPresent(t -> text.append(t.text()));
                c.outputText().ifPresent(t -> text.append(t.text()));
            });
            if (role.equals("assistant")) {
                answer.insert(0, text);
            } else if (role.equals("user")) {
                return text.toString().equals(message) && !answer.isEmpty()
                        ? Optional.of(answer.toString())
                        : Optional.empty();
            }
        }
        return Optional.empty();
    }
}
