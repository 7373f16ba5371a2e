package io.chatrelay.worker.engine.responses;

import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponse;
import io.chatrelay.common.wire.UpstreamIds;
import io.chatrelay.worker.engine.Bindings;
import io.chatrelay.worker.engine.Turn;
import io.chatrelay.worker.retry.UpstreamRetry;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The upstream conversation a turn runs in: the one its conversation is bound to, or a spare or new one it binds.
 */
final class Conversations {

    private final OpenAIClient client;
    private final UpstreamRetry retry;
    private final SpareConversations spares;

    Conversations(OpenAIClient client, UpstreamRetry retry, int spareCount) {
        this.client = client;
        this.retry = retry;
        this.spares = new SpareConversations(spareCount, () -> createEmpty(client));
    }

    /** Asks for {@code conversation} itself; throws when the upstream does not have it. */
    void lookUp(String conversation) {
        client.conversations().retrieve(conversation);
    }

    /**
     * The upstream conversation of the turn, reported to the progress; when there is none, a spare one or a new one,
     * to which the request's conversation is bound.
     */
    String of(Turn turn) {
        return Bindings.continued(turn, UpstreamIds.CONVERSATION_PREFIX).orElseGet(() -> create(turn));
    }

    /** A spare conversation or a new one, to which the request's conversation is bound. */
    String create(Turn turn) {
        String conversation = spares.take().orElseGet(() -> {
            turn.progress().flush();
            return retry.run("conversations.create", turn.progress(), () -> createEmpty(client));
        });
        turn.progress().threadBound(conversation, true);
        return conversation;
    }

    /**
     * Creates an empty upstream conversation; only its id is read from the answer, not the typed object the SDK would
     * build from it (its Kotlin and Jackson binding was most of a spare conversation's cost).
     */
    private static String createEmpty(OpenAIClient client) {
        try (HttpResponse raw = client.conversations().withRawResponse().create()) {
            return ResponseJson.id(raw.body().readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
