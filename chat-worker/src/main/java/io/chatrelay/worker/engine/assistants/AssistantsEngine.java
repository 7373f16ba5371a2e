package io.chatrelay.worker.engine.assistants;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.beta.assistants.AssistantStreamEvent;
import com.openai.models.beta.threads.messages.MessageListParams;
import com.openai.models.beta.threads.runs.RequiredActionFunctionToolCall;
import com.openai.models.beta.threads.runs.Run;
import com.openai.models.beta.threads.runs.RunCancelParams;
import com.openai.models.beta.threads.runs.RunRetrieveParams;
import com.openai.models.beta.threads.runs.RunStatus;
import com.openai.models.beta.threads.runs.RunSubmitToolOutputsParams;
import io.chatrelay.common.wire.Engine;
import io.chatrelay.common.wire.FailureCategory;
import io.chatrelay.common.wire.UpstreamIds;
import io.chatrelay.common.wire.Usage;
import io.chatrelay.worker.engine.ChatEngine;
import io.chatrelay.worker.engine.Checkpoint;
import io.chatrelay.worker.engine.FunctionHandlers;
import io.chatrelay.worker.engine.FunctionRound;
import io.chatrelay.worker.engine.Outcome;
import io.chatrelay.worker.engine.StopReason;
import io.chatrelay.worker.engine.Turn;
import io.chatrelay.worker.retry.Pauses;
import io.chatrelay.worker.retry.UpstreamRetry;
import io.chatrelay.worker.retry.UpstreamStepFailed;
import io.chatrelay.worker.upstream.OpenAiProperties;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

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
    private final FunctionHandlers functions;
    private final TurnStarter starter;

    public AssistantsEngine(
            OpenAIClient client, UpstreamRetry retry, OpenAiProperties properties, FunctionHandlers functions) {
        this.client = client;
        this.retry = retry;
        this.properties = properties;
        this.functions = functions;
        this.starter = new TurnStarter(client, retry);
    }

    @Override
    public Engine kind() {
        return Engine.ASSISTANTS;
    }

    @Override
    public Outcome run(Turn turn) {
        Turn.Progress progress = turn.progress();
        String thread = threadOf(turn);
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
                if (!gone(turn, thread, e)) {
                    throw e;
                }
                // The thread an earlier turn bound is gone upstream: deleted, or made by another server before the
                // upstream's base URL changed. The turn starts a new one, and the thread event says so.
                thread = newThread(turn);
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

    /**
     * Whether {@code failure} came from {@code thread} being gone upstream, when it is the binding of an earlier turn:
     * a client's own thread id, or one this turn made, is never replaced.
     */
    private boolean gone(Turn turn, String thread, UpstreamStepFailed failure) {
        boolean earlierBinding = !turn.request().conversationId().equals(thread)
                && turn.progress().boundThread().filter(thread::equals).isPresent();
        if (!earlierBinding || failure.verdict().upstream().status() != 404) {
            return false;
        }
        try {
            client.beta().threads().retrieve(thread);
            return false;
        } catch (NotFoundException e) {
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The upstream thread of the turn, reported to the progress (created, and bound, when there is none). */
    private String threadOf(Turn turn) {
        String ours = turn.request().conversationId();
        // A binding of the other engine (the company changed engines) cannot be continued here: a new thread takes
        // its place, and the thread event tells the client.
        Optional<String> known = ours.startsWith(UpstreamIds.THREAD_PREFIX)
                ? Optional.of(ours)
                : turn.progress().boundThread().filter(bound -> bound.startsWith(UpstreamIds.THREAD_PREFIX));
        if (known.isPresent()) {
            turn.progress().threadBound(known.get(), false);
            return known.get();
        }
        return newThread(turn);
    }

    /** A new thread, to which the request's conversation is bound. */
    private String newThread(Turn turn) {
        turn.progress().flush();
        String created = retry.run(
                        "threads.create",
                        turn.progress(),
                        () -> client.beta().threads().create())
                .id();
        turn.progress().threadBound(created, true);
        return created;
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
            Run run = retrieve(turn, thread, runId);
            RunStatus status = run.status();
            if (status.equals(RunStatus.REQUIRES_ACTION)) {
                Optional<Outcome.Failed> refused = answerCalls(turn, thread, run);
                if (refused.isPresent()) {
                    cancel(turn, thread, runId);
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

    private Run retrieve(Turn turn, String thread, String runId) {
        return retry.run(
                "threads.runs.retrieve",
                turn.progress(),
                () -> client.beta()
                        .threads()
                        .runs()
                        .retrieve(
                                runId,
                                RunRetrieveParams.builder().threadId(thread).build()));
    }

    /** Answers the calls the run waits on and submits the outputs; or the failure that ends the turn. */
    private Optional<Outcome.Failed> answerCalls(Turn turn, String thread, Run run) {
        FunctionHandlers.Answer answer = functions.answer(
                turn,
                run.id(),
                "",
                pendingCalls(run).stream()
                        .map(call -> new FunctionHandlers.PendingCall(
                                call.id(),
                                call.function().name(),
                                call.function().arguments()))
                        .toList());
        return switch (answer) {
            case FunctionHandlers.Answer.Outputs(FunctionRound round) -> {
                submit(turn, thread, run.id(), round);
                yield Optional.empty();
            }
            case FunctionHandlers.Answer.Refused(Outcome.Failed outcome) -> Optional.of(outcome);
        };
    }

    /**
     * Submits the round's outputs. A retry after an attempt whose reply was lost first looks at the run: when it no
     * longer waits on these calls, the outputs were taken, and submitting them again would be refused.
     */
    private void submit(Turn turn, String thread, String runId, FunctionRound round) {
        RunSubmitToolOutputsParams.Builder params =
                RunSubmitToolOutputsParams.builder().threadId(thread);
        round.outputs()
                .forEach(output -> params.addToolOutput(RunSubmitToolOutputsParams.ToolOutput.builder()
                        .toolCallId(output.callId())
                        .output(output.output())
                        .build()));
        AtomicBoolean attempted = new AtomicBoolean();
        retry.run("threads.runs.submit_tool_outputs", turn.progress(), () -> {
            if (attempted.getAndSet(true) && !waitsOn(retrieve(turn, thread, runId), round)) {
                return round;
            }
            client.beta().threads().runs().submitToolOutputs(runId, params.build());
            return round;
        });
    }

    private static boolean waitsOn(Run run, FunctionRound round) {
        return run.status().equals(RunStatus.REQUIRES_ACTION)
                && round.answers(pendingCalls(run).stream()
                        .map(RequiredActionFunctionToolCall::id)
                        .toList());
    }

    private static List<RequiredActionFunctionToolCall> pendingCalls(Run run) {
        return run.requiredAction()
                .map(action -> action.submitToolOutputs().toolCalls())
                .orElse(List.of());
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
            cancel(turn, thread, runId);
        }
        return Outcome.stopped(reason);
    }

    private void cancel(Turn turn, String thread, String runId) {
        try {
            retry.run(
                    "threads.runs.cancel",
                    turn.progress(),
                    () -> client.beta()
                            .threads()
                            .runs()
                            .cancel(
                                    runId,
                                    RunCancelParams.builder().threadId(thread).build()));
        } catch (RuntimeException e) {
            // Already finished: nothing left to stop upstream.
        }
    }
}
