package io.chatrelay.worker.lifecycle;

import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.common.wire.Engine;
import io.chatrelay.common.wire.RequestStatus;
import io.chatrelay.worker.engine.Checkpoint;
import io.chatrelay.worker.engine.Turn;
import io.chatrelay.worker.journal.Entry;
import io.chatrelay.worker.journal.HeldRequest;
import io.chatrelay.worker.retry.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an engine reports while it runs a turn, written to the request's journal as events with the checkpoints and
 * status they announce: the thread (with the create checkpoint, the one write a create waits for), the run's start
 * (once per turn, also across goes), the answer so far as coalesced deltas, and retries, which it also counts for the
 * dead letter should the turn fail.
 */
final class TurnProgress implements Turn.Progress {

    private static final Logger log = LoggerFactory.getLogger(TurnProgress.class);

    private final HeldRequest held;
    private final ChatRequest request;
    private final Engine engine;
    private final WorkerMetrics metrics;
    private final StopState stop;
    private final DeltaCoalescer coalescer;
    private int attempts;
    private Instant firstFailure;

    TurnProgress(HeldRequest held, Engine engine, WorkerMetrics metrics, StopState stop, Coalescing coalescing) {
        this.held = held;
        this.request = held.request();
        this.engine = engine;
        this.metrics = metrics;
        this.stop = stop;
        this.coalescer = coalescing.coalescer(
                held,
                text -> held.append(Entry.of((seq, at) ->
                        new ChatEvent.DeltaEmitted(request.requestId(), request.conversationId(), seq, at, text))));
    }

    @Override
    public Optional<String> checkpoint(Checkpoint which) {
        return held.field(which.field());
    }

    @Override
    public void checkpoint(Checkpoint which, String value) {
        held.append(Entry.fields().set(which.field(), value));
    }

    @Override
    public Optional<String> boundThread() {
        return held.binding();
    }

    @Override
    public void threadBound(String threadId, boolean created) {
        if (checkpoint(Checkpoint.THREAD_ID).filter(threadId::equals).isPresent()) {
            return;
        }
        Entry entry = Entry.of((seq, at) -> new ChatEvent.ThreadBound(
                        request.requestId(), request.conversationId(), seq, at, threadId, engine))
                .set(Checkpoint.THREAD_ID.field(), threadId);
        String replaces =
                held.binding().filter(bound -> !bound.equals(threadId)).orElse("");
        held.stage(created ? entry.bind(threadId, replaces) : entry);
    }

    @Override
    public void flush() {
        held.flush();
    }

    @Override
    public void creating() {
        held.stage(Entry.fields().set(Checkpoint.CREATE_ATTEMPTED.field(), "true"));
        held.sync();
    }

    @Override
    public void started(String runId) {
        stop.runStarted();
        if (checkpoint(Checkpoint.STARTED_RUN).isPresent()) {
            if (checkpoint(Checkpoint.RUN_ID).filter(runId::equals).isEmpty()) {
                checkpoint(Checkpoint.RUN_ID, runId);
            }
            return;
        }
        held.append(Entry.of((seq, at) ->
                        new ChatEvent.Started(request.requestId(), request.conversationId(), seq, at, runId))
                .set(Checkpoint.STARTED_RUN.field(), runId)
                .set(Checkpoint.RUN_ID.field(), runId)
                .status(RequestStatus.RUNNING));
    }

    @Override
    public void textSoFar(String text) {
        coalescer.textSoFar(text);
    }

    @Override
    public void retrying(int attempt, Duration delay, Verdict.Transient verdict) {
        attempts = attempt - 1;
        if (firstFailure == null) {
            firstFailure = Instant.now();
        }
        metrics.retried();
        // The client hears only the status and code; the whole reason is for the operator.
        log.info(
                "Request {}: attempt {} in {} ms after {}",
                request.requestId(),
                attempt,
                delay.toMillis(),
                verdict.reason());
        held.append(Entry.of((seq, at) -> new ChatEvent.RetryScheduled(
                        request.requestId(),
                        request.conversationId(),
                        seq,
                        at,
                        attempt,
                        delay.toMillis(),
                        verdict.clientReason()))
                .status(RequestStatus.RETRYING));
    }

    /** Emits what is pending of the answer, and then the part of {@code finalText} (null: none) not yet delivered. */
    void finish(String finalText) {
        coalescer.finish(finalText);
    }

    /** Upstream attempts made so far, the one running included. */
    int attempts() {
        return attempts + 1;
    }

    /** When the first attempt failed, or {@code otherwise} when none did. */
    Instant firstFailure(Instant otherwise) {
        return firstFailure == null ? otherwise : firstFailure;
    }
}
