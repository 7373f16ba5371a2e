package io.chatrelay.worker.lifecycle;

import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.common.wire.Engine;
import io.chatrelay.common.wire.RequestStatus;
import io.chatrelay.worker.engine.Outcome;
import io.chatrelay.worker.engine.Turn;
import io.chatrelay.worker.retry.Verdict;
import java.time.Duration;
import java.time.Instant;

/**
 * What an engine reports while it runs a turn, turned into events and checkpoints: the thread, the run's start (once
 * per run, also across redeliveries), the answer so far as coalesced deltas, and retries, which it also counts for the
 * dead letter should the turn fail. A report that finds the lease lost also stops the turn: the engine may swallow the
 * failure of a report made inside a stream it reads, but it checks the stop between steps.
 */
final class TurnProgress implements Turn.Progress {

    private final ChatRequest request;
    private final RequestStore store;
    private final EventSink events;
    private final WorkerMetrics metrics;
    private final StopState stop;
    private final DeltaCoalescer coalescer;
    private int attempts;
    private Instant firstFailure;

    /** {@code delivered} is the text earlier deltas of this request carried (on a resume). */
    TurnProgress(
            ChatRequest request,
            RequestStore store,
            EventSink events,
            WorkerMetrics metrics,
            Duration deltaInterval,
            String delivered,
            StopState stop) {
        this.request = request;
        this.store = store;
        this.events = events;
        this.metrics = metrics;
        this.stop = stop;
        this.coalescer = new DeltaCoalescer(
                deltaInterval,
                delivered,
                text -> emit((seq, at) ->
                        new ChatEvent.DeltaEmitted(request.requestId(), request.conversationId(), seq, at, text)));
    }

    @Override
    public void threadBound(String threadId) {
        underLease(() -> bindThread(threadId));
    }

    private void bindThread(String threadId) {
        var checkpoints = store.checkpoints(request.requestId());
        if (checkpoints
                .get(RequestStateFields.THREAD_ID)
                .filter(threadId::equals)
                .isEmpty()) {
            checkpoints.put(RequestStateFields.THREAD_ID, threadId);
            Engine engine = threadId.startsWith("thread") ? Engine.ASSISTANTS : Engine.RESPONSES;
            emit((seq, at) -> new ChatEvent.ThreadBound(
                    request.requestId(), request.conversationId(), seq, at, threadId, engine));
        }
    }

    @Override
    public void started(String runId) {
        underLease(() -> start(runId));
    }

    private void start(String runId) {
        stop.runStarted();
        var checkpoints = store.checkpoints(request.requestId());
        if (checkpoints
                .get(RequestStateFields.STARTED_RUN)
                .filter(runId::equals)
                .isEmpty()) {
            checkpoints.put(RequestStateFields.STARTED_RUN, runId);
            store.status(request.requestId(), RequestStatus.RUNNING);
            emit((seq, at) -> new ChatEvent.Started(request.requestId(), request.conversationId(), seq, at, runId));
        }
    }

    @Override
    public void textSoFar(String text) {
        underLease(() -> coalescer.textSoFar(text));
    }

    @Override
    public void retrying(int attempt, Duration delay, Verdict.Transient verdict) {
        attempts = attempt - 1;
        if (firstFailure == null) {
            firstFailure = Instant.now();
        }
        metrics.retried();
        underLease(() -> {
            store.status(request.requestId(), RequestStatus.RETRYING);
            emit((seq, at) -> new ChatEvent.RetryScheduled(
                    request.requestId(),
                    request.conversationId(),
                    seq,
                    at,
                    attempt,
                    delay.toMillis(),
                    verdict.reason()));
        });
    }

    /** Emits what is pending of the answer, and then the part of {@code finalText} (null: none) not yet delivered. */
    void finish(String finalText) {
        underLease(() -> coalescer.finish(finalText));
    }

    /** Upstream attempts made so far, the one running included. */
    int attempts() {
        return attempts + 1;
    }

    /** When the first attempt failed, or {@code otherwise} when none did. */
    Instant firstFailure(Instant otherwise) {
        return firstFailure == null ? otherwise : firstFailure;
    }

    private void underLease(Runnable report) {
        try {
            report.run();
        } catch (Lease.Lost e) {
            stop.stop(Outcome.LEASE_LOST);
            throw e;
        }
    }

    private void emit(EventSink.EventFactory factory) {
        events.emit(request.requestId(), factory, false);
    }
}
