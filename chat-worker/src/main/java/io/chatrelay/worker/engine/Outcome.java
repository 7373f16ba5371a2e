package io.chatrelay.worker.engine;

import io.chatrelay.common.wire.FailureCategory;
import io.chatrelay.common.wire.Usage;

/** How a turn ended upstream. */
public sealed interface Outcome {

    /** The outcome of a turn stopped for {@code reason}. */
    static Outcome stopped(StopReason reason) {
        return switch (reason) {
            case CANCELLED -> new Cancelled("cancelled");
            case RUN_TIMEOUT ->
                new Failed(
                        "run_timeout",
                        "The run took longer than allowed and was cancelled",
                        FailureCategory.RUN_TIMEOUT);
            case SHUTDOWN, INTERRUPTED -> new Abandoned();
        };
    }

    /** The answer is complete. */
    record Completed(String runId, String text, Usage usage) implements Outcome {}

    /** The run or response itself ended without an answer. */
    record Failed(String code, String message, FailureCategory category) implements Outcome {}

    /** Cancelled on request before it finished. */
    record Cancelled(String reason) implements Outcome {}

    /** Left unfinished by a worker shutting down or an interrupted go; its checkpoints let the next go resume it. */
    record Abandoned() implements Outcome {}
}
