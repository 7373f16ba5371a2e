package io.chatrelay.worker.engine;

import io.chatrelay.common.wire.FailureCategory;
import io.chatrelay.common.wire.Usage;

/** How a turn ended upstream. */
public sealed interface Outcome {

    /** The stop reason of a worker shutting down: the turn is left, running upstream, for the next owner. */
    String SHUTDOWN = "shutdown";

    /**
     * The stop reason of a turn whose lease lapsed or was taken: another worker may run the request now, so this one
     * ends nothing and leaves the upstream run to it.
     */
    String LEASE_LOST = "lease_lost";

    /**
     * The outcome of a turn stopped for {@code reason}: {@code run_timeout} fails it, {@link #SHUTDOWN} and
     * {@link #LEASE_LOST} abandon it, anything else cancels it.
     */
    static Outcome stopped(String reason) {
        return switch (reason) {
            case "run_timeout" ->
                new Failed(
                        "run_timeout",
                        "The run took longer than allowed and was cancelled",
                        FailureCategory.RUN_TIMEOUT);
            case SHUTDOWN, LEASE_LOST -> new Abandoned();
            default -> new Cancelled(reason);
        };
    }

    /** Whether a turn stopped for {@code reason} must stop upstream too. */
    static boolean stopsUpstream(String reason) {
        return !reason.equals(SHUTDOWN) && !reason.equals(LEASE_LOST);
    }

    /** The answer is complete. */
    record Completed(String runId, String text, Usage usage) implements Outcome {}

    /** The run or response itself ended without an answer. */
    record Failed(String code, String message, FailureCategory category) implements Outcome {}

    /** Cancelled on request before it finished. */
    record Cancelled(String reason) implements Outcome {}

    /** Left unfinished by a worker shutting down or losing the lease; its checkpoints let whoever runs it resume it. */
    record Abandoned() implements Outcome {}
}
