package io.chatrelay.worker.engine.assistants;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.RequestOptions;
import com.openai.core.http.StreamResponse;
import com.openai.models.beta.assistants.AssistantStreamEvent;
import com.openai.models.beta.threads.messages.Message;
import com.openai.models.beta.threads.messages.MessageCreateParams;
import com.openai.models.beta.threads.messages.MessageListParams;
import com.openai.models.beta.threads.runs.Run;
import com.openai.models.beta.threads.runs.RunCreateParams;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.worker.engine.ChatEngine;
import io.chatrelay.worker.engine.Turn;
import io.chatrelay.worker.retry.UpstreamRetry;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Puts a turn on its thread once: adds the request's message and creates its run, both tagged with the request id
 * in metadata. The upstream has no idempotency key, so wherever an earlier attempt may have reached it without its
 * reply reaching us (a worker that crashed before recording the id, an attempt that timed out or lost its
 * connection), the thread is searched for what the request already made before anything is made again.
 */
@SuppressWarnings("deprecation") // The Assistants API is deprecated upstream; compatible servers still serve it.
final class TurnStarter {

    /** How many of the thread's newest messages are searched for the request's own. */
    private static final long RECENT_MESSAGES = 20;

    private final OpenAIClient client;
    private final UpstreamRetry retry;
    private final RequestOptions streaming;

    TurnStarter(OpenAIClient client, UpstreamRetry retry, RequestOptions streaming) {
        this.client = client;
        this.retry = retry;
        this.streaming = streaming;
    }

    /** What creating the turn's run gave: its stream, or the run an attempt whose reply was lost created. */
    sealed interface Started {
        record Streaming(StreamResponse<AssistantStreamEvent> stream) implements Started {}

        record Found(String runId) implements Started {}
    }

    /**
     * Adds the request's message to {@code thread} and returns its id; when an earlier attempt may have added it
     * ({@code mayHaveBeenSent}, and on every retry), the message found in the thread instead.
     */
    String addMessage(Turn turn, String thread, boolean mayHaveBeenSent) {
        ChatRequest request = turn.request();
        MessageCreateParams params = MessageCreateParams.builder()
                .role(MessageCreateParams.Role.USER)
                .content(request.message())
                .metadata(MessageCreateParams.Metadata.builder()
                        .putAdditionalProperty(ChatEngine.REQUEST_ID_METADATA, JsonValue.from(request.requestId()))
                        .build())
                .build();
        AtomicBoolean sent = new AtomicBoolean(mayHaveBeenSent);
        return retry.run("threads.messages.create", turn.progress(), () -> {
            if (sent.getAndSet(true)) {
                Optional<String> added = existingMessage(turn, thread);
                if (added.isPresent()) {
                    return added.get();
                }
            }
            return client.beta().threads().messages().create(thread, params).id();
        });
    }

    /**
     * Creates the request's run on {@code thread}; a retry first looks for the run of an attempt whose reply was
     * lost, or whose stream broke before {@code thread.run.created} named the run. While that run is still active a
     * second create is refused (active run) and retried, so the check comes round again. The first attempt does not
     * look: a redelivered request has just done so.
     */
    Started createRun(Turn turn, String thread) {
        RunCreateParams params = RunCreateParams.builder()
                .assistantId(turn.profile().assistantId())
                .metadata(RunCreateParams.Metadata.builder()
                        .putAdditionalProperty(
                                ChatEngine.REQUEST_ID_METADATA,
                                JsonValue.from(turn.request().requestId()))
                        .build())
                .build();
        AtomicBoolean sent = new AtomicBoolean(false);
        return retry.run("threads.runs.create", turn.progress(), () -> {
            if (sent.getAndSet(true)) {
                Optional<String> created = existingRun(turn, thread);
                if (created.isPresent()) {
                    return new Started.Found(created.get());
                }
            }
            return new Started.Streaming(NamedStream.awaitName(
                    client.beta().threads().runs().createStreaming(thread, params, streaming),
                    AssistantStreamEvent::isThreadRunCreated,
                    "run"));
        });
    }

    /** The run the request created on {@code thread} earlier, if any. */
    Optional<String> existingRun(Turn turn, String thread) {
        String requestId = turn.request().requestId();
        return retry
                .run(
                        "threads.runs.list",
                        turn.progress(),
                        () -> client.beta().threads().runs().list(thread))
                .data()
                .stream()
                .filter(run -> taggedWith(run.metadata().map(m -> m._additionalProperties()), requestId))
                .map(Run::id)
                .findFirst();
    }

    private Optional<String> existingMessage(Turn turn, String thread) {
        String requestId = turn.request().requestId();
        return retry
                .run(
                        "threads.messages.list",
                        turn.progress(),
                        () -> client.beta()
                                .threads()
                                .messages()
                                .list(
                                        thread,
                                        MessageListParams.builder()
                                                .order(MessageListParams.Order.DESC)
                                                .limit(RECENT_MESSAGES)
                                                .build()))
                .data()
                .stream()
                .filter(message -> taggedWith(message.metadata().map(m -> m._additionalProperties()), requestId))
                .map(Message::id)
                .findFirst();
    }

    private static boolean taggedWith(Optional<Map<String, JsonValue>> metadata, String requestId) {
        return metadata.map(m -> m.get(ChatEngine.REQUEST_ID_METADATA))
                .flatMap(value -> value.asString())
                .filter(requestId::equals)
                .isPresent();
    }
}
