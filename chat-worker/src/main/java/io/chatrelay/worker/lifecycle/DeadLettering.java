package io.chatrelay.worker.lifecycle;

import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.common.wire.RequestStatus;
import io.chatrelay.worker.deadletter.DeadLetters;
import io.chatrelay.worker.journal.Entry;
import io.chatrelay.worker.journal.HeldRequest;
import io.chatrelay.worker.retry.Pauses;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends requests on the dead-letter topic. Kafka must take the dead letter before anything else happens: until it
 * does, the request keeps waiting (its record unacknowledged), and when the worker stops first, the record is left for
 * the next owner of its partition.
 */
final class DeadLettering {

    private static final Logger log = LoggerFactory.getLogger(DeadLettering.class);

    private final DeadLetters deadLetters;
    private final WorkerMetrics metrics;
    private final Stopping stopping;

    DeadLettering(DeadLetters deadLetters, WorkerMetrics metrics, Stopping stopping) {
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.stopping = stopping;
    }

    /**
     * Dead-letters a request with the failure's reason, then tells the client ({@code failed}, {@code dead_lettered},
     * with the category's fixed message rather than the reason, whose upstream and exception text is for operators)
     * and records its state;
     * throws {@link Stopping.LeftUnfinished} when the worker stopped before Kafka took the dead letter, and
     * {@code JournalInterrupted}, before publishing anything, when the request's lease is no longer this worker's.
     */
    void end(HeldRequest held, byte[] raw, DeadLetters.Origin origin, DeadLetters.Failure failure, String code) {
        ChatRequest request = held.request();
        String id = request.requestId();
        held.confirmLease();
        publish(origin, raw, failure);
        String told = failure.category().clientMessage();
        held.end(Entry.of((seq, at) -> new ChatEvent.Failed(id, request.conversationId(), seq, at, code, told, false))
                .and((seq, at) -> new ChatEvent.DeadLettered(
                        id,
                        request.conversationId(),
                        seq,
                        at,
                        failure.category().wireName(),
                        told))
                .status(RequestStatus.DEAD_LETTERED)
                .set(RequestStateFields.ERROR_CODE, code)
                .set(RequestStateFields.ERROR_MESSAGE, told));
        log.warn("Dead-lettered ({}): {}", failure.category().wireName(), failure.reason());
    }

    /**
     * Dead-letters a record that never became a running request (unreadable, or failing outside the lifecycle) as it
     * came; returns false when the worker stopped before Kafka took it.
     */
    boolean asItCame(DeadLetters.Origin origin, byte[] raw, DeadLetters.Failure failure) {
        try {
            publish(origin, raw, failure);
            return true;
        } catch (Stopping.LeftUnfinished e) {
            return false;
        }
    }

    private void publish(DeadLetters.Origin origin, byte[] raw, DeadLetters.Failure failure) {
        Pauses pauses = Pauses.whileAway();
        while (true) {
            try {
                deadLetters.publish(origin, raw, failure);
                metrics.deadLettered(failure.category().wireName());
                return;
            } catch (DeadLetters.Unavailable e) {
                Duration pause = pauses.next();
                log.warn("{}; trying again in {} ms", e.getMessage(), pause.toMillis());
                if (!stopping.pause(pause)) {
                    throw new Stopping.LeftUnfinished();
                }
            }
        }
    }
}
