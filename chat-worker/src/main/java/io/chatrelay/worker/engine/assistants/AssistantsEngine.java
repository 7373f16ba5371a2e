package io.chatrelay.worker.engine.assistants;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.beta.assistants.AssistantStreamEvent;
import com.openai.models.beta.threads.messages.MessageListParams;
import com.openai.models.beta.threads.runs.Run;
import com.openai.models.beta.threads.runs.RunStatus;
import io.chatrelay.common.wire.Engine;
import io.chatrelay.common.wire.FailureCategory;
import io.chatrelay.common.wire.Usage;
import io.chatrelay.worker.engine.Bindings;
import io.chatrelay.worker.engine.ChatEngine;
import io.chatrelay.worker.engine.Checkpoint;
import io.chatrelay.worker.engine.FunctionHandlers;
import io.chatrelay.worker.engine.Outcome;
import io.chatrelay.worker.engine.StopReason;
import io.chatrelay.worker.engine.Turn;
import io.chatrelay.worker.retry.Pauses;
import io.chatrelay.worker.retry.UpstreamRetry;
import io.chatrelay.worker.retry.UpstreamStepFailed;
import io.chatrelay.worker.upstream.OpenAiProperties;
import java.util.Optional;

/**
 * Runs a turn on the legacy Assistants API: the request's message is added to the conversation's thread, then a
 * run is created and followed over its stream (polling when the stream breaks). Message and run carry the
 * request id in metadata, so a redelivered request, or a retry after a lost reply, finds them instead of creating
 * them twice ({@link TurnStarter}).
 */
@SuppressWarnings("deprecation") // The Assistants API is deprecated upstream; compatible servers still serve it.
public final class AssistantsEngine implements ChatEngine {

    private final OpenAIClient client;
    private final UpstreamRetry retry;
    private final OpenAiProperties properties;
    private final TurnStarter starter;
    private final Threads threads;
    private final Runs runs;

    public AssistantsEngine(
            OpenAIClient client, UpstreamRetry retry, OpenAiProperties properties, FunctionHandlers functions) {
        this.client = client;
        this.retry = retry;
        this.properties = properties;
        this.starter = new TurnStarter(client, retry, properties.streaming());
        this.threads = new Threads(client, retry);
        this.runs = new Runs(client, retry, functions);
    }

    @Override
    public Engine kind() {
        return Engine.ASSISTANTS;
    }

    @Override
    public Outcome run(Turn turn) {
        Turn.Progress progress = turn.progress();
        String thread = threads.of(turn);
        // A redelivered request may have added its message or created its run before the worker stopped, without
        // recording them: it looks for them before making them again.
        boolean redelivered = progress.checkpoint(Checkpoint.CREATE_ATTEMPTED).isPresent();
        progress.creating();
        Optional<String> recordedRun = progress.checkpoint(Checkpoint.RUN_ID);
        TurnStarter.Started started;
        if (recordedRun.isPresent()) {
            started = new TurnStarter.Started.Found(recordedRun.get());
        } else {
            try {
                started = start(
                        turn,
                        thread,
                        redelivered,
                        progress.checkpoint(Checkpoint.MESSAGE_ID).isPresent());
            } catch (UpstreamStepFailed e) {
                if (!Bindings.gone(turn, thread, e, threads::lookUp)) {
                    throw e;
                }
                // The thread an earlier turn bound is gone upstream: deleted, or made by another server before the
                // upstream's base URL changed. The turn starts a new one, and the thread event says so.
                thread = threads.create(turn);
                started = start(turn, thread, false, false);
            }
        }
        return switch (started) {
            case TurnStarter.Started.Found(String id) -> {
                progress.started(id);
                yield poll(turn, thread, id);
            }
            case TurnStarter.Started.Streaming(StreamResponse<AssistantStreamEvent> stream) ->
                follow(turn, thread, stream);
        };
    }

    /** Adds the request's message to {@code thread} unless it is there, and creates its run unless it exists. */
    private TurnStarter.Started start(Turn turn, String thread, boolean redelivered, boolean messageAdded) {
        Optional<String> existing = redelivered ? starter.existingRun(turn, thread) : Optional.empty();
        if (existing.isPresent()) {
            return new TurnStarter.Started.Found(existing.get());
        }
        if (!messageAdded) {
            turn.progress().checkpoint(Checkpoint.MESSAGE_ID, starter.addMessage(turn, thread, redelivered));
        }
        return starter.createRun(turn, thread);
    }

    private Outcome follow(Turn turn, String thread, StreamResponse<AssistantStreamEvent> stream) {
        String runId = null;
        StringBuilder text = new StringBuilder();
        try (stream) {
            for (AssistantStreamEvent event : (Iterable<AssistantStreamEvent>) stream.stream()::iterator) {
                if (event.isThreadRunCreated()) {
                    runId = event.asThreadRunCreated().data().id();
                    turn.progress().started(runId);
                    // Only now may a stop cut the stream: the run's id is safe for whoever resumes it.
                    turn.stop().onStop(stream);
                } else if (event.isThreadMessageDelta()) {
                    event.asThreadMessageDelta()
                            .data()
                            .delta()
                            .content()
                            .ifPresent(parts -> parts.forEach(part -> part.text()
                                    .flatMap(block -> block.text())
                                    .flatMap(delta -> delta.value())
                                    .ifPresent(text::append)));
                    turn.progress().textSoFar(text.toString());
                } else if (runId != null
                        && (event.isThreadRunCompleted()
                                || event.isThreadRunFailed()
                                || event.isThreadRunCancelled()
                                || event.isThreadRunExpired()
                                || event.isThreadRunIncomplete()
                                || event.isThreadRunRequiresAction())) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            // A cut stream: polling below finds out how the run ended.
        }
        if (runId == null) {
            // Not expected: the stream comes named from TurnStarter, which retries a create whose stream was not.
            if (turn.stop().reason().isPresent()) {
                return stop(turn, thread, null);
            }
            throw new IllegalStateException("run stream ended before the run was created");
        }
        return poll(turn, thread, runId);
    }

    private Outcome poll(Turn turn, String thread, String runId) {
        Pauses polls = Pauses.polls(properties.pollInterval());
        while (true) {
            if (turn.stop().reason().isPresent()) {
                return stop(turn, thread, runId);
            }
            Run run = runs.retrieve(turn, thread, runId);
            RunStatus status = run.status();
            if (status.equals(RunStatus.REQUIRES_ACTION)) {
                Optional<Outcome.Failed> refused = runs.answerCalls(turn, thread, run);
                if (refused.isPresent()) {
                    runs.cancel(turn, thread, runId);
                    return refused.get();
                }
                polls = Pauses.polls(properties.pollInterval());
                continue;
            }
            if (status.equals(RunStatus.COMPLETED) || status.equals(RunStatus.INCOMPLETE)) {
                String answer = answerOf(turn, thread, runId);
                return new Outcome.Completed(
                        runId,
                        answer,
                        run.usage()
                                .map(u -> new Usage(u.promptTokens(), u.completionTokens(), u.totalTokens()))
                                .orElse(null));
            }
            if (status.equals(RunStatus.CANCELLED)) {
                return new Outcome.Cancelled("cancelled upstream");
            }
            if (status.equals(RunStatus.FAILED) || status.equals(RunStatus.EXPIRED)) {
                return new Outcome.Failed(
                        run.lastError().map(e -> e.code().asString()).orElse(status.asString()),
                        run.lastError().map(e -> e.message()).orElse("The run ended " + status.asString()),
                        FailureCategory.RUN_FAILED);
            }
            ChatEngine.pause(polls.next());
        }
    }

    /** The newest assistant message of the run: the answer. */
    private String answerOf(Turn turn, String thread, String runId) {
        var messages = retry.run(
                        "threads.messages.list",
                        turn.progress(),
                        () -> client.beta()
                                .threads()
                                .messages()
                                .list(
                                        thread,
                                        MessageListParams.builder()
                                                .runId(runId)
                                                .order(MessageListParams.Order.DESC)
                                                .limit(1)
                                                .build()))
                .data();
        if (messages.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        messages.getFirst()
                .content()
                .forEach(part -> part.text().ifPresent(t -> text.append(t.text().value())));
        String answer = text.toString();
        turn.progress().textSoFar(answer);
        return answer;
    }

    private Outcome stop(Turn turn, String thread, String runId) {
        StopReason reason = turn.stop().reason().orElseThrow();
        if (runId != null && reason.stopsUpstream()) {
            runs.cancel(turn, thread, runId);
        }
        return Outcome.stopped(reason);
    }
}
