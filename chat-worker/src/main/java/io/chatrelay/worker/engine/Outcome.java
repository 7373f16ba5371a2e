package io.chatrelay.worker.engine;

import io.chatrelay.common.wire.FailureCategory;
import io.chatrelay.common.wire.Usage;

/** How a turn ended upstream. */
public sealed interface Outcome {

    /** The outcome of a turn stopped for {@code reason}: {@code run_timeout} fails it, anything else cancels it. */
    static Outcome stopped(String reason) {
        return reason.equals("run_timeout")
                ? new Failed(
                        "run_timeout",
                        "The run took longer than allowed and was cancelled",
                        FailureCategory.RUN_TIMEOUT)
                : new Cancelled(reason);
    }

    /** The answer is complete. */
    record Completed(String runId, String text, Usage usage) implements Outcome {}

    /** The run or response itself ended without an answer. */
    record Failed(String code, String message, FailureCategory category) implements Outcome {}

    /** Cancelled on request before it finished. */
    record Cancelled(String reason) implements Outcome {}
}
