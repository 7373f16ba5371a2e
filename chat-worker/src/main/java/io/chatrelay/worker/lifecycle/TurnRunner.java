package io.chatrelay.worker.lifecycle;

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
import io.chatrelay.worker.engine.StopReason;
import io.chatrelay.worker.engine.Turn;
import io.chatrelay.worker.journal.Entry;
import io.chatrelay.worker.journal.HeldRequest;
import io.chatrelay.worker.journal.JournalInterrupted;
import io.chatrelay.worker.retry.UpstreamError;
import io.chatrelay.worker.retry.UpstreamStepFailed;
import io.chatrelay.worker.retry.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One go at a request this worker holds: replays and cancels settled first, then the company's engine runs the turn
 * and its outcome ends the request (completed, cancelled, or dead-lettered with the reason).
 */
final class TurnRunner {

    private static final Logger log = LoggerFactory.getLogger(TurnRunner.class);

    /** How a turn runs: its time limit upstream, and how its deltas are coalesced. */
    record Settings(Duration runTimeout, Coalescing coalescing) {}

    private final CompanyProfiles profiles;
    private final Map<Engine, ChatEngine> engines;
    private final CancelListener cancels;
    private final WorkerMetrics metrics;
    private final DeadLettering deadLettering;
    private final Replays replays;
    private final Stopping stopping;
    private final Settings settings;

    TurnRunner(
            CompanyProfiles profiles,
            Map<Engine, ChatEngine> engines,
            CancelListener cancels,
            WorkerMetrics metrics,
            DeadLettering deadLettering,
            Stopping stopping,
            Settings settings) {
        this.profiles = profiles;
        this.engines = engines;
        this.cancels = cancels;
        this.metrics = metrics;
        this.deadLettering = deadLettering;
        this.replays = new Replays(metrics);
        this.stopping = stopping;
        this.settings = settings;
    }

    /** Runs the request to its end; returns false when it was left for another worker (this one is stopping). */
    boolean run(HeldRequest held, byte[] raw, DeadLetters.Origin origin) {
        ChatRequest request = held.request();
        String id = request.requestId();
        Optional<RequestStatus> status = held.status();
        if (Replays.settled(request, status, held.replayCount())) {
            log.debug("Request already finished; skipping redelivery");
            return true;
        }
        if (status.map(RequestStatus::terminal).orElse(false) && replays.takeUp(held, status.get())) {
            return true;
        }
        if (held.cancelRequested()) {
            held.end(Entry.of((seq, at) ->
                            new ChatEvent.Cancelled(id, request.conversationId(), seq, at, "cancelled before start"))
                    .status(RequestStatus.CANCELLED));
            return true;
        }
        Instant started = Instant.now();
        boolean fresh = held.status().map(RequestStatus.ACCEPTED::equals).orElse(true);
        if (fresh) {
            metrics.queued(Duration.between(request.acceptedAt(), started));
            Entry queued = Entry.of((seq, at) -> new ChatEvent.Queued(id, request.conversationId(), seq, at))
                    .status(RequestStatus.QUEUED)
                    .set(RequestStateFields.CONVERSATION_ID, request.conversationId())
                    .set(RequestStateFields.COMPANY, request.companySlug());
            // Rides with the engine's first write, which comes at once, or is written before the engine waits for the
            // upstream to create the conversation's thread (Turn.Progress.flush).
            held.stage(queued);
        }
        Optional<AssistantProfile> profile = profiles.of(request.companySlug());
        if (profile.isEmpty()) {
            deadLettering.end(
                    held,
                    raw,
                    origin,
                    failure(
                            FailureCategory.CONFIGURATION,
                            "No assistant profile for company '" + request.companySlug() + "'",
                            0,
                            started),
                    "no_assistant_profile");
            return true;
        }
        try (StopState stop =
                new StopState(settings.runTimeout(), settings.coalescing().timers())) {
            // Told on the thread that saw the failed write, which must not block on closing a stream.
            held.onInterrupted(() -> Thread.startVirtualThread(() -> stop.stop(StopReason.INTERRUPTED)));
            cancels.register(id, stop);
            try {
                return runEngine(held, profile.get(), stop, raw, origin, started);
            } finally {
                cancels.unregister(id);
                metrics.finished(
                        held.status().map(RequestStatus::wireName).orElse("unknown"),
                        Duration.between(started, Instant.now()));
            }
        }
    }

    private boolean runEngine(
            HeldRequest held,
            AssistantProfile profile,
            StopState stop,
            byte[] raw,
            DeadLetters.Origin origin,
            Instant started) {
        if (stopping.signalled()) {
            return false;
        }
        TurnProgress progress = new TurnProgress(held, profile.engine(), metrics, stop, settings.coalescing());
        try {
            Outcome outcome = engines.get(profile.engine()).run(new Turn(held.request(), profile, progress, stop));
            return finish(held, raw, origin, outcome, progress, started);
        } catch (UpstreamStepFailed e) {
            if (stopping.signalled()) {
                return false;
            }
            throwIfInterrupted(held);
            Verdict verdict = e.verdict();
            FailureCategory category =
                    verdict instanceof Verdict.Permanent p ? p.category() : FailureCategory.RETRIES_EXHAUSTED;
            deadLettering.end(
                    held,
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
            if (e instanceof Stopping.LeftUnfinished || e instanceof JournalInterrupted || Infrastructure.away(e)) {
                throw e;
            }
            throwIfInterrupted(held);
            log.warn("Request failed", e);
            deadLettering.end(
                    held,
                    raw,
                    origin,
                    failure(
                            FailureCategory.RUN_FAILED,
                            e.getClass().getSimpleName() + ": " + e.getMessage(),
                            progress.attempts(),
                            started),
                    "run_failed");
        }
        return true;
    }

    /** Ends the request as {@code outcome} says; returns false when it was left for another worker. */
    private boolean finish(
            HeldRequest held,
            byte[] raw,
            DeadLetters.Origin origin,
            Outcome outcome,
            TurnProgress progress,
            Instant started) {
        ChatRequest request = held.request();
        String id = request.requestId();
        switch (outcome) {
            case Outcome.Completed completed -> {
                progress.finish(completed.text());
                held.end(Entry.of((seq, at) -> new ChatEvent.Completed(
                                id,
                                request.conversationId(),
                                seq,
                                at,
                                completed.runId(),
                                completed.text(),
                                completed.usage()))
                        .status(RequestStatus.COMPLETED)
                        .set(RequestStateFields.ANSWER, completed.text())
                        .set(RequestStateFields.COMPLETED_AT, Instant.now().toString()));
            }
            case Outcome.Cancelled cancelled -> {
                progress.finish(null);
                held.end(Entry.of((seq, at) ->
                                new ChatEvent.Cancelled(id, request.conversationId(), seq, at, cancelled.reason()))
                        .status(RequestStatus.CANCELLED));
            }
            case Outcome.Abandoned abandoned -> {
                throwIfInterrupted(held);
                log.info("Left running upstream for the next owner of its partition");
                return false;
            }
            case Outcome.Failed failed -> {
                progress.finish(null);
                deadLettering.end(
                        held,
                        raw,
                        origin,
                        failure(
                                failed.category(),
                                failed.code() + ": " + failed.message(),
                                progress.attempts(),
                                started),
                        failed.code());
            }
        }
        return true;
    }

    private static DeadLetters.Failure failure(FailureCategory category, String reason, int attempts, Instant started) {
        return new DeadLetters.Failure(category, reason, UpstreamError.NONE, attempts, started, Instant.now());
    }

    /** Whatever failure followed an interrupted journal is not this go's to report: the next go takes over. */
    private static void throwIfInterrupted(HeldRequest held) {
        held.interrupted().ifPresent(interrupted -> {
            throw interrupted;
        });
    }
}
