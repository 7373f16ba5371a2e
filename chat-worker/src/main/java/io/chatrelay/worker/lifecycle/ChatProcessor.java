package io.chatrelay.worker.lifecycle;

import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.common.wire.FailureCategory;
import io.chatrelay.worker.deadletter.DeadLetters;
import io.chatrelay.worker.engine.StopReason;
import io.chatrelay.worker.journal.HeldRequest;
import io.chatrelay.worker.journal.Journal;
import io.chatrelay.worker.journal.JournalInterrupted;
import io.chatrelay.worker.retry.Pauses;
import io.chatrelay.worker.retry.UpstreamError;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one request from its record to its terminal event: takes it up under its lease ({@link Journal}), then hands
 * it to a {@link TurnRunner}. A go at the request that is interrupted (Redis away, the lease lost) is followed by
 * another, which takes the request up from its checkpoints, as a redelivery would.
 */
public final class ChatProcessor {

    private static final Logger log = LoggerFactory.getLogger(ChatProcessor.class);

    private final Journal journal;
    private final TurnRunner turns;
    private final DeadLettering deadLettering;
    private final CancelListener cancels;
    private final Stopping stopping;

    ChatProcessor(
            Journal journal, TurnRunner turns, DeadLettering deadLettering, CancelListener cancels, Stopping stopping) {
        this.journal = journal;
        this.turns = turns;
        this.deadLettering = deadLettering;
        this.cancels = cancels;
        this.stopping = stopping;
    }

    /**
     * Processes a request to its end; never throws (failures end in the dead-letter topic). Returns false when the
     * request was left unfinished for another worker because this one is shutting down.
     *
     * <p>While Redis or Kafka, which the worker keeps the request's state and events in, is away, the request waits
     * and is taken up again from its checkpoints; acknowledging it instead would lose it. A request whose lease was
     * lost waits the same way for whoever holds the lease now.
     */
    public boolean process(ChatRequest request, byte[] raw, DeadLetters.Origin origin) {
        MDC.put("requestId", request.requestId());
        MDC.put("conversationId", request.conversationId());
        traceOf(origin.traceparent());
        try {
            Pauses pauses = Pauses.whileAway();
            String previous = null;
            while (!stopping.signalled()) {
                HeldRequest held = null;
                try {
                    held = takeUp(request, origin, previous);
                    return held == null || turns.run(held, raw, origin);
                } catch (Stopping.LeftUnfinished e) {
                    return false;
                } catch (RuntimeException e) {
                    if (held != null) {
                        previous = held.writer();
                    }
                    if (!Infrastructure.away(e) && !(e instanceof JournalInterrupted)) {
                        log.error("Request processing failed outside the lifecycle", e);
                        return deadLetterUnprocessable(held, raw, origin, e);
                    }
                    // Redis or Kafka away, the lease lost, or a write refused: take the request up again after a
                    // pause that grows while the cause lasts (and wait there for whoever holds the lease now).
                    Duration pause = pauses.next();
                    log.warn("{}; taking the request up again in {} ms", Infrastructure.describe(e), pause.toMillis());
                    if (!stopping.pause(pause)) {
                        return false;
                    }
                } finally {
                    if (held != null) {
                        held.leave();
                    }
                }
            }
            return false;
        } finally {
            MDC.clear();
        }
    }

    /** Puts the W3C trace of the request's record ({@code 00-trace-span-flags}) on the log lines of its request. */
    private static void traceOf(String traceparent) {
        String[] parts = traceparent == null ? new String[0] : traceparent.split("-");
        if (parts.length == 4) {
            MDC.put("traceId", parts[1]);
            MDC.put("spanId", parts[2]);
        }
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
        cancels.stopAll(StopReason.SHUTDOWN);
    }

    /**
     * Takes the request's lease; returns null, without it, when the request finished while this worker waited for
     * another to let go of it.
     */
    private HeldRequest takeUp(ChatRequest request, DeadLetters.Origin origin, String previous) {
        while (true) {
            Journal.TakeUp takeUp = journal.takeUp(request, origin.traceparent(), previous);
            switch (takeUp) {
                case Journal.TakeUp.Taken(HeldRequest held) -> {
                    return held;
                }
                case Journal.TakeUp.Busy(var status, int replayCount) -> {
                    // Another worker runs it (a rebalance handed the record over): wait for it to finish or its lease
                    // to lapse.
                    if (Replays.settled(request, status, replayCount)) {
                        log.debug("Request already finished; skipping redelivery");
                        return null;
                    }
                    if (!stopping.pause(journal.leaseTtl().dividedBy(10).plusMillis(100))) {
                        throw new Stopping.LeftUnfinished();
                    }
                }
            }
        }
    }

    /**
     * A request whose processing failed for a reason of its own outside the engine: to the dead-letter topic, so that
     * an operator sees it. Taken up, it ends {@code dead_lettered} like any other, so that its SSE and
     * {@code Prefer: wait} clients hear the end; not even taken up, it goes as it came (there is no lease to write its
     * state under). Returns false when the worker stopped before Kafka took it.
     */
    private boolean deadLetterUnprocessable(
            HeldRequest held, byte[] raw, DeadLetters.Origin origin, RuntimeException problem) {
        Instant now = Instant.now();
        DeadLetters.Failure failure = new DeadLetters.Failure(
                FailureCategory.RUN_FAILED,
                problem.getClass().getSimpleName() + ": " + problem.getMessage(),
                UpstreamError.NONE,
                0,
                now,
                now);
        if (held != null) {
            try {
                deadLettering.end(held, raw, origin, failure, FailureCategory.RUN_FAILED.wireName());
                return true;
            } catch (Stopping.LeftUnfinished e) {
                return false;
            } catch (RuntimeException e) {
                log.warn("Could not end the request as dead-lettered; sending it as it came: {}", e.toString());
            }
        }
        return deadLetterAsItCame(origin, raw, failure);
    }
}
