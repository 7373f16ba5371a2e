package io.chatrelay.worker.engine;

import io.chatrelay.common.wire.Engine;
import java.time.Duration;

/** Runs one chat turn upstream. Implementations throw {@code UpstreamStepFailed} when a step fails for good. */
public interface ChatEngine {

    /** Metadata key carrying our request id on what an engine creates upstream, for reconciliation. */
    String REQUEST_ID_METADATA = "chatrelay_request_id";

    /** The longest wait between two polls of a run. */
    Duration MAX_POLL_INTERVAL = Duration.ofSeconds(5);

    /** The wait before the next poll of a run: doubling from the first, at most 5 s. */
    static Duration nextPoll(Duration previous) {
        Duration doubled = previous.multipliedBy(2);
        return doubled.compareTo(MAX_POLL_INTERVAL) > 0 ? MAX_POLL_INTERVAL : doubled;
    }

    /** Waits between two polls. */
    static void pause(Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Engine kind();

    Outcome run(Turn turn);
}
