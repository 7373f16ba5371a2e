package io.chatrelay.worker.lifecycle;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.AssistantProfile;
import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.common.wire.Engine;
import io.chatrelay.common.wire.FailureCategory;
import io.chatrelay.common.wire.RequestStatus;
import io.chatrelay.worker.deadletter.DeadLetters;
import io.chatrelay.worker.engine.ChatEngine;
import io.chatrelay.worker.engine.Outcome;
import io.chatrelay.worker.engine.Turn;
import io.chatrelay.worker.retry.UpstreamError;
import io.chatrelay.worker.retry.UpstreamStepFailed;
import io.chatrelay.worker.retry.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Runs one request from its turn in the conversation to its terminal event: lease, profile, engine, events,
 * dead letter on failure. Redelivered requests resume from their checkpoints; finished ones are skipped. An operator's
 * replay (a record whose replay count is above the one the state last took up) runs a dead-lettered request again,
 * and re-announces a completed one from its stored answer without calling the upstream.
 */
public final class ChatProcessor {

    private static final Logger log = LoggerFactory.getLogger(ChatProcessor.class);
    /** The first and the longest wait before a request is taken up again while Redis or Kafka is away. */
    private static final Duration FIRST_WAIT = Duration.ofSeconds(1);

    private static final Duration LAST_WAIT = Duration.ofSeconds(30);

    /** Settings the processor needs. */
    public record Settings(Duration runTimeout, Duration deltaInterval) {}

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final RequestStore store;
    private final EventSink events;
    private final Lease lease;
    private final CancelListener cancels;
    private final Map<Engine, ChatEngine> engines;
    private final DeadLetters deadLetters;
    private final WorkerMetrics metrics;
    private final Settings settings;
    private volatile boolean shuttingDown;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final ChatCodec codec = ChatCodec.instance();

    ChatProcessor(
            StringRedisTemplate redis,
            RedisKeys keys,
            RequestStore store,
            EventSink events,
            Lease lease,
            CancelListener cancels,
            Map<Engine, ChatEngine> engines,
            DeadLetters deadLetters,
            WorkerMetrics metrics,
            Settings settings) {
        this.redis = redis;
        this.keys = keys;
        this.store = store;
        this.events = events;
        this.lease = lease;
        this.cancels = cancels;
        this.engines = engines;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.settings = settings;
    }

    /**
     * Processes a request to its end; never throws (failures end in the dead-letter topic). Returns false when the
     * request was left unfinished for another worker because this one is shutting down.
     *
     * <p>While Redis or Kafka, which the worker keeps the request's state and events in, is away, the request waits
     * and is taken up again from its checkpoints, as a redelivery would be; acknowledging it instead would lose it.
     */
    public boolean process(ChatRequest request, byte[] raw, DeadLetters.Origin origin) {
        MDC.put("requestId", request.requestId());
        MDC.put("conversationId", request.conversationId());
        try {
            Duration wait = FIRST_WAIT;
            while (!shuttingDown) {
                try {
                    return attempt(request, raw, origin);
                } catch (LeftUnfinished e) {
                    return false;
                } catch (RuntimeException e) {
                    if (!Infrastructure.away(e)) {
                        log.error("Request processing failed outside the lifecycle", e);
                        return deadLetterUnprocessable(request, raw, origin, e);
                    }
                    log.warn("{}; taking the request up again in {} ms", Infrastructure.describe(e), wait.toMillis());
                    if (!pause(wait)) {
                        return false;
                    }
                    wait = wait.multipliedBy(2).compareTo(LAST_WAIT) > 0 ? LAST_WAIT : wait.multipliedBy(2);
                }
            }
            return false;
        } finally {
            MDC.clear();
        }
    }

    private boolean attempt(ChatRequest request, byte[] raw, DeadLetters.Origin origin) {
        String id = request.requestId();
        if (settled(request, store.status(id))) {
            log.debug("Request already finished; skipping redelivery");
            return true;
        }
        awaitLease(request);
        try {
            return run(request, raw, origin);
        } finally {
            lease.release(id);
        }
    }

    /**
     * A request whose processing failed for a reason of its own outside the engine: to the dead-letter topic as it
     * came, so that an operator sees it. Returns false when the worker stopped before Kafka took it.
     */
    private boolean deadLetterUnprocessable(
            ChatRequest request, byte[] raw, DeadLetters.Origin origin, RuntimeException problem) {
        Instant now = Instant.now();
        return deadLetterAsItCame(
                origin,
                raw,
                new DeadLetters.Failure(
                        FailureCategory.RUN_FAILED,
                        problem.getClass().getSimpleName() + ": " + problem.getMessage(),
                        UpstreamError.NONE,
                        0,
                        now,
                        now));
    }

    /**
     * Publishes a record that never became a running request (unreadable, or failing outside the lifecycle) to the
     * dead-letter topic, waiting for Kafka as long as it takes. Returns false when the worker stopped first: the record
     * then stays unacknowledged for the next owner of its partition.
     */
    public boolean deadLetterAsItCame(DeadLetters.Origin origin, byte[] raw, DeadLetters.Failure failure) {
        try {
            publishDeadLetter(origin, raw, failure);
            metrics.deadLettered(failure.category().wireName());
            return true;
        } catch (LeftUnfinished e) {
            return false;
        }
    }

    /** Publishes a dead letter, waiting for Kafka as long as it takes; throws {@link LeftUnfinished} on shutdown. */
    private void publishDeadLetter(DeadLetters.Origin origin, byte[] raw, DeadLetters.Failure failure) {
        Duration wait = FIRST_WAIT;
        while (true) {
            try {
                deadLetters.publish(origin, raw, failure);
                return;
            } catch (DeadLetters.Unavailable e) {
                log.warn("{}; trying again in {} ms", e.getMessage(), wait.toMillis());
                if (shuttingDown || !pause(wait)) {
                    throw new LeftUnfinished();
                }
                wait = wait.multipliedBy(2).compareTo(LAST_WAIT) > 0 ? LAST_WAIT : wait.multipliedBy(2);
            }
        }
    }

    /** Waits, unless the worker is stopping; returns false when it is. */
    private boolean pause(Duration wait) {
        try {
            return !stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS) && !shuttingDown;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops every turn running here and starts no new one; each stopped turn keeps its checkpoints. */
    public void abandonRunning() {
        shuttingDown = true;
        stopping.countDown();
        cancels.stopAll(Outcome.SHUTDOWN);
    }

    /** Runs the request under its lease; returns false when it was left for another worker. */
    private boolean run(ChatRequest request, byte[] raw, DeadLetters.Origin origin) {
        String id = request.requestId();
        // Read once under the lease: a redelivery may find the request finished or already under way.
        Optional<RequestStatus> status = store.status(id);
        if (settled(request, status)) {
            return true;
        }
        if (status.map(RequestStatus::terminal).orElse(false)) {
            switch (status.get()) {
                case COMPLETED -> {
                    reannounce(request);
                    return true;
                }
                case CANCELLED -> {
                    // A client's cancel is final; there is nothing to replay.
                    store.update(id, Map.of(RequestStateFields.REPLAY_COUNT, Integer.toString(request.replayCount())));
                    return true;
                }
                default -> {
                    store.startReplay(id, request.replayCount());
                    metrics.replayed("rerun");
                    log.info("Replay {} of a dead-lettered request: running it again", request.replayCount());
                    status = Optional.of(RequestStatus.ACCEPTED);
                }
            }
        }
        if (store.cancelRequested(id)) {
            emit(
                    request,
                    (seq, at) ->
                            new ChatEvent.Cancelled(id, request.conversationId(), seq, at, "cancelled before start"),
                    true);
            store.status(id, RequestStatus.CANCELLED);
            return true;
        }
        Instant started = Instant.now();
        if (status.isEmpty() || status.get() == RequestStatus.ACCEPTED) {
            metrics.queued(Duration.between(request.acceptedAt(), started));
            emit(request, (seq, at) -> new ChatEvent.Queued(id, request.conversationId(), seq, at), false);
            store.update(
                    id,
                    Map.of(
                            RequestStateFields.STATUS, RequestStatus.QUEUED.wireName(),
                            RequestStateFields.CONVERSATION_ID, request.conversationId(),
                            RequestStateFields.COMPANY, request.companySlug()));
        }
        Optional<AssistantProfile> profile = profile(request.companySlug());
        if (profile.isEmpty()) {
            deadLetter(
                    request,
                    raw,
                    origin,
                    new DeadLetters.Failure(
                            FailureCategory.CONFIGURATION,
                            "No assistant profile for company '" + request.companySlug() + "'",
                            UpstreamError.NONE,
                            0,
                            started,
                            Instant.now()),
                    "no_assistant_profile");
            return true;
        }
        ChatEngine engine = engines.get(profile.get().engine());
        StopState stop = new StopState(settings.runTimeout());
        cancels.register(id, stop);
        if (shuttingDown) {
            cancels.unregister(id);
            return false;
        }
        CountDownLatch finished = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> renewWhileRunning(id, stop, finished));
        Progress progress = new Progress(request, deliveredText(id), stop);
        try {
            Outcome outcome = engine.run(
                    new Turn(request, profile.get(), store.checkpoints(id), store.threads(), progress, stop));
            return finish(request, raw, origin, outcome, progress, started);
        } catch (UpstreamStepFailed e) {
            if (shuttingDown) {
                return false;
            }
            Verdict verdict = e.verdict();
            FailureCategory category =
                    verdict instanceof Verdict.Permanent p ? p.category() : FailureCategory.RETRIES_EXHAUSTED;
            deadLetter(
                    request,
                    raw,
                    origin,
                    new DeadLetters.Failure(
                            category,
                            e.getMessage(),
                            verdict.upstream(),
                            progress.attempts + 1,
                            progress.firstFailure == null ? Instant.now() : progress.firstFailure,
                            Instant.now()),
                    category.wireName());
        } catch (RuntimeException e) {
            if (shuttingDown) {
                return false;
            }
            if (e instanceof LeftUnfinished || Infrastructure.away(e)) {
                throw e;
            }
            log.warn("Request failed", e);
            deadLetter(
                    request,
                    raw,
                    origin,
                    new DeadLetters.Failure(
                            FailureCategory.RUN_FAILED,
                            e.getClass().getSimpleName() + ": " + e.getMessage(),
                            UpstreamError.NONE,
                            progress.attempts + 1,
                            started,
                            Instant.now()),
                    "run_failed");
        } finally {
            cancels.unregister(id);
            finished.countDown();
            metrics.finished(
                    store.status(id).map(RequestStatus::wireName).orElse("unknown"),
                    Duration.between(started, Instant.now()));
        }
        return true;
    }

    /** Ends the request as {@code outcome} says; returns false when it was left for another worker. */
    private boolean finish(
            ChatRequest request,
            byte[] raw,
            DeadLetters.Origin origin,
            Outcome outcome,
            Progress progress,
            Instant started) {
        String id = request.requestId();
        switch (outcome) {
            case Outcome.Completed completed -> {
                progress.coalescer.finish(completed.text());
                emitEnd(
                        request,
                        (seq, at) -> new ChatEvent.Completed(
                                id,
                                request.conversationId(),
                                seq,
                                at,
                                completed.runId(),
                                completed.text(),
                                completed.usage()));
                store.update(
                        id,
                        Map.of(
                                RequestStateFields.STATUS, RequestStatus.COMPLETED.wireName(),
                                RequestStateFields.ANSWER, completed.text(),
                                RequestStateFields.COMPLETED_AT, Instant.now().toString()));
            }
            case Outcome.Cancelled cancelled -> {
                progress.coalescer.finish(null);
                emitEnd(
                        request,
                        (seq, at) ->
                                new ChatEvent.Cancelled(id, request.conversationId(), seq, at, cancelled.reason()));
                store.status(id, RequestStatus.CANCELLED);
            }
            case Outcome.Abandoned abandoned -> {
                log.info("Left running upstream for the next owner of its partition");
                return false;
            }
            case Outcome.Failed failed -> {
                progress.coalescer.finish(null);
                deadLetter(
                        request,
                        raw,
                        origin,
                        new DeadLetters.Failure(
                                failed.category(),
                                failed.code() + ": " + failed.message(),
                                UpstreamError.NONE,
                                progress.attempts + 1,
                                started,
                                Instant.now()),
                        failed.code());
            }
        }
        return true;
    }

    /**
     * Whether the request needs nothing more: it finished, and this record is not a replay newer than the last one
     * its state took up (so a redelivered replay does not run twice).
     */
    private boolean settled(ChatRequest request, Optional<RequestStatus> status) {
        return status.map(RequestStatus::terminal).orElse(false)
                && request.replayCount() <= store.replayCount(request.requestId());
    }

    /**
     * A replay of a request that had in fact completed: the stored answer goes out again as {@code completed}; the
     * upstream is not called. A crash before the replay count is recorded re-announces once more, which is harmless.
     */
    private void reannounce(ChatRequest request) {
        String id = request.requestId();
        var state = store.checkpoints(id);
        String answer = state.get(RequestStateFields.ANSWER).orElse("");
        String runId = state.get(RequestStateFields.RUN_ID).orElse(null);
        emit(
                request,
                (seq, at) -> new ChatEvent.Completed(id, request.conversationId(), seq, at, runId, answer, null),
                true);
        store.update(id, Map.of(RequestStateFields.REPLAY_COUNT, Integer.toString(request.replayCount())));
        metrics.replayed("reannounced");
        log.info("Replay {} of a completed request: re-announced its answer", request.replayCount());
    }

    /** Dead-letters the request, then tells the client: {@code failed} and {@code dead_lettered}. */
    private void deadLetter(
            ChatRequest request, byte[] raw, DeadLetters.Origin origin, DeadLetters.Failure failure, String code) {
        String id = request.requestId();
        publishDeadLetter(origin, raw, failure);
        metrics.deadLettered(failure.category().wireName());
        emit(
                request,
                (seq, at) -> new ChatEvent.Failed(id, request.conversationId(), seq, at, code, failure.reason(), false),
                false);
        emitEnd(
                request,
                (seq, at) -> new ChatEvent.DeadLettered(
                        id,
                        request.conversationId(),
                        seq,
                        at,
                        failure.category().wireName(),
                        failure.reason()));
        store.update(
                id,
                Map.of(
                        RequestStateFields.STATUS, RequestStatus.DEAD_LETTERED.wireName(),
                        RequestStateFields.ERROR_CODE, code,
                        RequestStateFields.ERROR_MESSAGE, failure.reason()));
        log.warn("Dead-lettered ({}): {}", failure.category().wireName(), failure.reason());
    }

    /**
     * Emits the event that ends a request. Once the history holds it, the end is a fact: when
     * Kafka does not acknowledge it (a broker restarting, or too slow to answer), subscribers still get it from the
     * history when they reconnect, so the request ends as it did upstream rather than failing a second time.
     */
    private void emitEnd(ChatRequest request, EventSink.EventFactory factory) {
        try {
            emit(request, factory, true);
        } catch (EventSink.Unacknowledged e) {
            log.warn("{}; the event is in the history, where reconnecting subscribers find it", e.getMessage());
        }
    }

    private void emit(ChatRequest request, EventSink.EventFactory factory, boolean await) {
        events.emit(request.requestId(), factory, await);
    }

    private Optional<AssistantProfile> profile(String companySlug) {
        String stored = redis.opsForValue().get(keys.companyProfile(companySlug));
        return stored == null || stored.isBlank() ? Optional.empty() : Optional.of(codec.readProfile(stored));
    }

    /**
     * The text earlier delta events of this attempt carried, so a resumed turn repeats none of it. Deltas before the
     * last {@code dead_lettered} event belong to a run that failed, not to the one a replay starts.
     */
    private String deliveredText(String requestId) {
        List<MapRecord<String, Object, Object>> history =
                redis.opsForStream().range(keys.eventHistory(requestId), Range.unbounded());
        StringBuilder text = new StringBuilder();
        if (history != null) {
            for (MapRecord<String, Object, Object> entry : history) {
                Object json = entry.getValue().get(RequestStateFields.HISTORY_EVENT);
                if (json == null) {
                    continue;
                }
                ChatEvent event = codec.readEvent(json.toString());
                if (event instanceof ChatEvent.DeltaEmitted delta) {
                    text.append(delta.text());
                } else if (event instanceof ChatEvent.DeadLettered) {
                    text.setLength(0);
                }
            }
        }
        return text.toString();
    }

    private void awaitLease(ChatRequest request) {
        String requestId = request.requestId();
        while (!lease.acquire(requestId)) {
            // Another worker runs it (a rebalance handed the record over): wait for it to finish or its lease to lapse.
            if (settled(request, store.status(requestId))) {
                return;
            }
            try {
                Thread.sleep(Math.max(100, lease.ttl().toMillis() / 10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the lease of " + requestId, e);
            }
        }
    }

    /** Renews the lease until the turn finishes, and turns a passed run deadline into a stop. */
    private void renewWhileRunning(String requestId, StopState stop, CountDownLatch finished) {
        long every = Math.max(100, lease.ttl().toMillis() / 3);
        try {
            while (!finished.await(every, TimeUnit.MILLISECONDS)) {
                try {
                    lease.renew(requestId);
                } catch (RuntimeException e) {
                    // Redis hiccup: the next round tries again; the lease lasts three rounds.
                    log.debug("Lease renewal failed", e);
                }
                stop.reason().ifPresent(stop::stop);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Progress of one turn, turned into events. */
    private final class Progress implements Turn.Progress {
        private final ChatRequest request;
        private final DeltaCoalescer coalescer;
        private final StopState stop;
        private int attempts;
        private Instant firstFailure;

        Progress(ChatRequest request, String delivered, StopState stop) {
            this.request = request;
            this.stop = stop;
            this.coalescer = new DeltaCoalescer(
                    settings.deltaInterval(),
                    delivered,
                    text -> emit(
                            request,
                            (seq, at) -> new ChatEvent.DeltaEmitted(
                                    request.requestId(), request.conversationId(), seq, at, text),
                            false));
        }

        @Override
        public void threadBound(String threadId) {
            var checkpoints = store.checkpoints(request.requestId());
            if (checkpoints
                    .get(RequestStateFields.THREAD_ID)
                    .filter(threadId::equals)
                    .isEmpty()) {
                checkpoints.put(RequestStateFields.THREAD_ID, threadId);
                Engine engine = threadId.startsWith("thread") ? Engine.ASSISTANTS : Engine.RESPONSES;
                emit(
                        request,
                        (seq, at) -> new ChatEvent.ThreadBound(
                                request.requestId(), request.conversationId(), seq, at, threadId, engine),
                        false);
            }
        }

        @Override
        public void started(String runId) {
            stop.runStarted();
            var checkpoints = store.checkpoints(request.requestId());
            if (checkpoints
                    .get(RequestStateFields.STARTED_RUN)
                    .filter(runId::equals)
                    .isEmpty()) {
                checkpoints.put(RequestStateFields.STARTED_RUN, runId);
                store.status(request.requestId(), RequestStatus.RUNNING);
                emit(
                        request,
                        (seq, at) ->
                                new ChatEvent.Started(request.requestId(), request.conversationId(), seq, at, runId),
                        false);
            }
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
            store.status(request.requestId(), RequestStatus.RETRYING);
            emit(
                    request,
                    (seq, at) -> new ChatEvent.RetryScheduled(
                            request.requestId(),
                            request.conversationId(),
                            seq,
                            at,
                            attempt,
                            delay.toMillis(),
                            verdict.reason()),
                    false);
        }
    }

    /** The worker stopped before the request could end here; the record stays for the next owner. */
    private static final class LeftUnfinished extends RuntimeException {

        LeftUnfinished() {
            super("left for the next owner", null, false, false);
        }
    }
}
