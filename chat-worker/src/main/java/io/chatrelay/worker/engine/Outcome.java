package io.chatrelay.worker.engine;

import io.chatrelay.common.wire.FailureCategory;
import io.chatrelay.common.wire.Usage;

/** How a turn ended upstream. */
public sealed interface Outcome {

    /** The stop reason of a worker shutting down: the turn is left, running upstream, for the next owner. */
    String SHUTDOWN = "shutdown";

    /**
     * The stop reason of a turn that can write nothing more (its lease lapsed or was taken, or Redis failed one of its
     * writes): it ends nothing and leaves the upstream run to the next go at the request, here or elsewhere.
     */
    String INTERRUPTED = "interrupted";

    /** The stop reason of a turn that ran out of time: it is cancelled upstream and fails. */
    String RUN_TIMEOUT = "run_timeout";

    /**
     * The outcome of a turn stopped for {@code reason}: {@link #RUN_TIMEOUT} fails it, {@link #SHUTDOWN} and
     * {@link #INTERRUPTED} abandon it, anything else cancels it.
     */
    static Outcome stopped(String reason) {
        return switch (reason) {
            case RUN_TIMEOUT ->
                new Failed(
                        RUN_TIMEOUT, "The run took longer than allowed and was cancelled", FailureCategory.RUN_TIMEOUT);
            case SHUTDOWN, INTERRUPTED -> new Abandoned();
            default -> new Cancelled(reason);
        };
    }

    /** Whether a turn stopped for {@code reason} must stop upstream too. */
    static boolean stopsUpstream(String reason) {
        return !reason.equals(SHUTDOWN) && !reason.equals(INTERRUPTED);
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
