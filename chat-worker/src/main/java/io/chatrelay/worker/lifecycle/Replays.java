package io.chatrelay.worker.lifecycle;

import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.common.wire.RequestStatus;
import java.util.Map;
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

    private final RequestStore store;
    private final EventSink events;
    private final WorkerMetrics metrics;

    Replays(RequestStore store, EventSink events, WorkerMetrics metrics) {
        this.store = store;
        this.events = events;
        this.metrics = metrics;
    }

    /**
     * Whether the request needs nothing more: it finished, and this record is not a replay newer than the last one
     * its state took up (so a redelivered replay does not run twice).
     */
    boolean settled(ChatRequest request, Optional<RequestStatus> status) {
        return status.map(RequestStatus::terminal).orElse(false)
                && request.replayCount() <= store.replayCount(request.requestId());
    }

    /**
     * Takes up a replay of a request that ended as {@code status}; returns true when that was all, false when the
     * request is readied to run again from the start (it was dead-lettered).
     */
    boolean takeUp(ChatRequest request, RequestStatus status) {
        String id = request.requestId();
        switch (status) {
            case COMPLETED -> {
                reannounce(request);
                return true;
            }
            case CANCELLED -> {
                // A client's cancel is final; there is nothing to replay.
                recordReplayCount(request);
                return true;
            }
            default -> {
                store.startReplay(id, request.replayCount());
                metrics.replayed("rerun");
                log.info("Replay {} of a dead-lettered request: running it again", request.replayCount());
                return false;
            }
        }
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
        events.emit(
                id,
                (seq, at) -> new ChatEvent.Completed(id, request.conversationId(), seq, at, runId, answer, null),
                true);
        recordReplayCount(request);
        metrics.replayed("reannounced");
        log.info("Replay {} of a completed request: re-announced its answer", request.replayCount());
    }

    private void recordReplayCount(ChatRequest request) {
        store.update(
                request.requestId(), Map.of(RequestStateFields.REPLAY_COUNT, Integer.toString(request.replayCount())));
    }
}
