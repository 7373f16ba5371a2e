package io.chatrelay.worker.engine;

import io.chatrelay.common.wire.FailureCategory;
import io.chatrelay.common.wire.Usage;

/** How a turn ended upstream. */
public sealed interface Outcome {

    /** The answer is complete. */
    record Completed(String runId, String text, Usage usage) implements Outcome {}

    /** The run or response itself ended without an answer. */
    record Failed(String code, String message, FailureCategory category) implements Outcome {}

    /** Cancelled on request before it finished. */
    record Cancelled(String reason) implements Outcome {}
}
