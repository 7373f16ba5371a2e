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
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Runs one request from its turn in the conversation to its terminal event: lease, profile, engine, events,
 * dead letter on failure. Redelivered requests resume from their checkpoints; a record of a request that had ended
 * goes to {@link Replays}.
 */
public final class ChatProcessor {

    private static final Logger log = LoggerFactory.getLogger(ChatProcessor.class);

    /** Settings the processor needs. */
    public record Settings(Duration runTimeout, Duration deltaInterval) {}

    private final StringRedisTemplate redis;
    private final RedisKeys keys;
    private final RequestStore store;
    private final EventSink events;
    private final Lease lease;
    private final CancelListener cancels;
    private final Map<Engine, ChatEngine> engines;
    private final WorkerMetrics metrics;
    private final Settings settings;
    private final Stopping stopping = new Stopping();
    private final DeadLettering deadLettering;
    private final Replays replays;
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
        this.deadLettering = new DeadLettering(deadLetters, events, store, lease, metrics, stopping);
        this.replays = new Replays(store, events, metrics);
        this.metrics = metrics;
        this.settings = settings;
    }

    /**
     * Processes a request to its end; never throws (failures end in the dead-letter topic). Returns false when the
     * request was left unfinished for another worker because this one is shutting down.
     *
     * <p>While Redis or Kafka, which the worker keeps the request's state and events in, is away, the request waits
     * and is taken up again from its checkpoints, as a redelivery would be; acknowledging it instead would lose it. A
     * request whose lease was lost waits the same way for whoever holds the lease now.
     */
    public boolean process(ChatRequest request, byte[] raw, DeadLetters.Origin origin) {
        MDC.put("requestId", request.requestId());
        MDC.put("conversationId", request.conversationId());
        try {
            Duration pause = Stopping.FIRST_PAUSE;
            while (!stopping.signalled()) {
                try {
                    return attempt(request, raw, origin);
                } catch (Stopping.LeftUnfinished e) {
                    return false;
                } catch (Lease.Lost e) {
                    // Another worker may run it now: wait for it to end the request, or take the lease when it lapses.
                    log.warn("Lost the lease while running the request; waiting for its next holder");
                } catch (RuntimeException e) {
                    if (!Infrastructure.away(e)) {
                        log.error("Request processing failed outside the lifecycle", e);
                        return deadLetterUnprocessable(raw, origin, e);
                    }
                    log.warn("{}; taking the request up again in {} ms", Infrastructure.describe(e), pause.toMillis());
                    if (!stopping.pause(pause)) {
                        return false;
                    }
                    pause = Stopping.longer(pause);
                }
            }
            return false;
        } finally {
            MDC.clear();
        }
    }

    /** One go at the request: its status is read under the lease, in {@link #run}, so not before it as well. */
    private boolean attempt(ChatRequest request, byte[] raw, DeadLetters.Origin origin) {
        String id = request.requestId();
        StopState stop = new StopState(settings.runTimeout());
        if (!awaitLease(request, stop)) {
            log.debug("Request already finished; skipping redelivery");
            return true;
        }
        try {
            return run(request, raw, origin, stop);
        } finally {
            lease.release(id);
        }
    }

    /**
     * A request whose processing failed for a reason of its own outside the engine: to the dead-letter topic as it
     * came, so that an operator sees it. Returns false when the worker stopped before Kafka took it.
     */
    private boolean deadLetterUnprocessable(byte[] raw, DeadLetters.Origin origin, RuntimeException problem) {
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
     * Publishes a record that never became a running request (unreadable) to the dead-letter topic, waiting for Kafka
     * as long as it takes. Returns false when the worker stopped first: the record then stays unacknowledged for the
     * next owner of its partition.
     */
    public boolean deadLetterAsItCame(DeadLetters.Origin origin, byte[] raw, DeadLetters.Failure failure) {
        return deadLettering.asItCame(origin, raw, failure);
    }

    /** Stops every turn running here and starts no new one; each stopped turn keeps its checkpoints. */
    public void abandonRunning() {
        stopping.signal();
        cancels.stopAll(Outcome.SHUTDOWN);
    }

    /** Runs the request under its lease; returns false when it was left for another worker. */
    private boolean run(ChatRequest request, byte[] raw, DeadLetters.Origin origin, StopState stop) {
        String id = request.requestId();
        // Read once under the lease: a redelivery may find the request finished or already under way.
        Optional<RequestStatus> status = store.status(id);
        if (replays.settled(request, status)) {
            log.debug("Request already finished; skipping redelivery");
            return true;
        }
        if (status.map(RequestStatus::terminal).orElse(false)) {
            if (replays.takeUp(request, status.get())) {
                return true;
            }
            status = Optional.of(RequestStatus.ACCEPTED);
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
            deadLettering.end(
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
        cancels.register(id, stop);
        if (stopping.signalled()) {
            cancels.unregister(id);
            return false;
        }
        // A request taken up for the first time (or replayed from the start) has delivered nothing yet: no need to
        // read its history back.
        boolean fresh = status.isEmpty() || status.get() == RequestStatus.ACCEPTED;
        TurnProgress progress = new TurnProgress(
                request, store, events, metrics, settings.deltaInterval(), fresh ? "" : events.deliveredText(id), stop);
        try {
            Outcome outcome = engine.run(
                    new Turn(request, profile.get(), store.checkpoints(id), store.threads(), progress, stop));
            return finish(request, raw, origin, outcome, progress, stop, started);
        } catch (UpstreamStepFailed e) {
            if (stopping.signalled()) {
                return false;
            }
            leaseKept(id, stop);
            Verdict verdict = e.verdict();
            FailureCategory category =
                    verdict instanceof Verdict.Permanent p ? p.category() : FailureCategory.RETRIES_EXHAUSTED;
            deadLettering.end(
                    request,
                    raw,
                    origin,
                    new DeadLetters.Failure(
                            category,
                            e.getMessage(),
                            verdict.upstream(),
                            progress.attempts(),
                            progress.firstFailure(Instant.now()),
                            Instant.now()),
                    category.wireName());
        } catch (RuntimeException e) {
            if (stopping.signalled()) {
                return false;
            }
            if (e instanceof Stopping.LeftUnfinished || e instanceof Lease.Lost || Infrastructure.away(e)) {
                throw e;
            }
            leaseKept(id, stop);
            log.warn("Request failed", e);
            deadLettering.end(
                    request,
                    raw,
                    origin,
                    new DeadLetters.Failure(
                            FailureCategory.RUN_FAILED,
                            e.getClass().getSimpleName() + ": " + e.getMessage(),
                            UpstreamError.NONE,
                            progress.attempts(),
                            started,
                            Instant.now()),
                    "run_failed");
        } finally {
            cancels.unregister(id);
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
            TurnProgress progress,
            StopState stop,
            Instant started) {
        String id = request.requestId();
        switch (outcome) {
            case Outcome.Completed completed -> {
                progress.finish(completed.text());
                events.emitEnd(
                        id,
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
                progress.finish(null);
                events.emitEnd(
                        id,
                        (seq, at) ->
                                new ChatEvent.Cancelled(id, request.conversationId(), seq, at, cancelled.reason()));
                store.status(id, RequestStatus.CANCELLED);
            }
            case Outcome.Abandoned abandoned -> {
                leaseKept(id, stop);
                log.info("Left running upstream for the next owner of its partition");
                return false;
            }
            case Outcome.Failed failed -> {
                progress.finish(null);
                deadLettering.end(
                        request,
                        raw,
                        origin,
                        new DeadLetters.Failure(
                                failed.category(),
                                failed.code() + ": " + failed.message(),
                                UpstreamError.NONE,
                                progress.attempts(),
                                started,
                                Instant.now()),
                        failed.code());
            }
        }
        return true;
    }

    private void emit(ChatRequest request, EventSink.EventFactory factory, boolean await) {
        events.emit(request.requestId(), factory, await);
    }

    private Optional<AssistantProfile> profile(String companySlug) {
        String stored = redis.opsForValue().get(keys.companyProfile(companySlug));
        return stored == null || stored.isBlank() ? Optional.empty() : Optional.of(codec.readProfile(stored));
    }

    /** Takes the request's lease; returns false, without it, when the request finished while this worker waited. */
    private boolean awaitLease(ChatRequest request, StopState stop) {
        String requestId = request.requestId();
        while (!lease.acquire(requestId, stop)) {
            // Another worker runs it (a rebalance handed the record over): wait for it to finish or its lease to lapse.
            if (replays.settled(request, store.status(requestId))) {
                return false;
            }
            try {
                Thread.sleep(Math.max(100, lease.ttl().toMillis() / 10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the lease of " + requestId, e);
            }
        }
        return true;
    }

    /**
     * Throws {@link Lease.Lost} when the turn stopped because its lease was lost: whatever failure followed is not
     * this worker's to report.
     */
    private static void leaseKept(String requestId, StopState stop) {
        if (stop.reason().filter(Outcome.LEASE_LOST::equals).isPresent()) {
            throw new Lease.Lost(requestId);
        }
    }
}
