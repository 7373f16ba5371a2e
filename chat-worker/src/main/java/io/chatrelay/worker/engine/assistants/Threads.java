package io.chatrelay.worker.engine.assistants;

import com.openai.client.OpenAIClient;
import io.chatrelay.common.wire.UpstreamIds;
import io.chatrelay.worker.engine.Bindings;
import io.chatrelay.worker.engine.Turn;
import io.chatrelay.worker.retry.UpstreamRetry;

/** The upstream thread a turn runs in: the one its conversation is bound to, or a new one it binds. */
@SuppressWarnings("deprecation") // The Assistants API is deprecated upstream; compatible servers still serve it.
final class Threads {

    private final OpenAIClient client;
    private final UpstreamRetry retry;

    Threads(OpenAIClient client, UpstreamRetry retry) {
        this.client = client;
        this.retry = retry;
    }

    /** Asks for {@code thread} itself; throws when the upstream does not have it. */
    void lookUp(String thread) {
        client.beta().threads().retrieve(thread);
    }

    /** The upstream thread of the turn, reported to the progress (created, and bound, when there is none). */
    String of(Turn turn) {
        return Bindings.continued(turn, UpstreamIds.THREAD_PREFIX).orElseGet(() -> create(turn));
    }

    /** A new thread, to which the request's conversation is bound. */
    String create(Turn turn) {
        turn.progress().flush();
        String created = retry.run(
                        "threads.create",
                        turn.progress(),
                        () -> client.beta().threads().create())
                .id();
        turn.progress().threadBound(created, true);
        return created;
    }
}
