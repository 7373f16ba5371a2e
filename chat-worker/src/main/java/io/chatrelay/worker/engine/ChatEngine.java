package io.chatrelay.worker.engine;

import io.chatrelay.common.wire.Engine;
import java.time.Duration;

/** Runs one chat turn upstream. Implementations throw {@code UpstreamStepFailed} when a step fails for good. */
public interface ChatEngine {

    /** Metadata key carrying our request id on what an engine creates upstream, for reconciliation. */
    String REQUEST_ID_METADATA = "chatrelay_request_id";

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
