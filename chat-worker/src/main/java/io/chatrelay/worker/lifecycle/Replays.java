package io.chatrelay.worker.lifecycle;

import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.common.wire.RequestStatus;
import io.chatrelay.worker.journal.Entry;
import io.chatrelay.worker.journal.HeldRequest;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record of a request that has already ended: a redelivery, which needs nothing, or an operator's replay (a record
 * whose replay count is above the one the state last took up), which runs a dead-lettered request again and
 * re-announces a completed one from its stored answer without calling the upstream.
 */
final class Replays {

    private static final Logger log = LoggerFactory.getLogger(Replays.class);

    private final WorkerMetrics metrics;

    Replays(WorkerMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Whether the request needs nothing more: it finished, and this record is not a replay newer than the last one
     * its state took up (so a redelivered replay does not run twice).
     */
    static boolean settled(ChatRequest request, Optional<RequestStatus> status, int replayCount) {
        return status.map(RequestStatus::terminal).orElse(false) && request.replayCount() <= replayCount;
    }

    /**
     * Takes up a replay of a request that ended as {@code status} (a terminal one); returns true when that was all,
     * false when the request is readied to run again from the start (it was dead-lettered). Readying it drops the
     * checkpoints of the failed run and its error, and keeps the thread binding and an assistants message already added
     * (the new run answers that message); the status is {@code accepted} again and the replay count recorded, so a
     * redelivery of the same replay resumes instead.
     */
    boolean takeUp(HeldRequest held, RequestStatus status) {
        ChatRequest request = held.request();
        String replays = Integer.toString(request.replayCount());
        return switch (status) {
            case COMPLETED -> {
                // The stored answer goes out again; a crash before the replay count is recorded re-announces once more,
                // which is harmless.
                String answer = held.field(RequestStateFields.ANSWER).orElse("");
                String runId = held.field(RequestStateFields.RUN_ID).orElse(null);
                held.end(Entry.of((seq, at) -> new ChatEvent.Completed(
                                request.requestId(), request.conversationId(), seq, at, runId, answer, null))
                        .set(RequestStateFields.REPLAY_COUNT, replays));
                metrics.replayed("reannounced");
                log.info("Replay {} of a completed request: re-announced its answer", request.replayCount());
                yield true;
            }
            case CANCELLED -> {
                // A client's cancel is final; there is nothing to replay.
                held.end(Entry.fields().set(RequestStateFields.REPLAY_COUNT, replays));
                yield true;
            }
            case DEAD_LETTERED, FAILED -> {
                held.stage(Entry.fields()
                        .delete(
                                RequestStateFields.RUN_ID,
                                RequestStateFields.STARTED_RUN,
                                RequestStateFields.CREATE_ATTEMPTED,
                                RequestStateFields.FUNCTION_ROUND,
                                RequestStateFields.ERROR_CODE,
                                RequestStateFields.ERROR_MESSAGE)
                        .status(RequestStatus.ACCEPTED)
                        .set(RequestStateFields.REPLAY_COUNT, replays));
                metrics.replayed("rerun");
                log.info("Replay {} of a dead-lettered request: running it again", request.replayCount());
                yield false;
            }
            case ACCEPTED, QUEUED, RUNNING, RETRYING ->
                throw new IllegalArgumentException("Only a request that ended is replayed, not one " + status);
        };
    }
}
