package io.chatrelay.worker.engine;

/** Why a running turn must stop. */
public enum StopReason {
    /** A client asked to cancel the request: the turn stops upstream too and ends cancelled. */
    CANCELLED,
    /** The run took longer than allowed: it is cancelled upstream and the turn fails. */
    RUN_TIMEOUT,
    /** The worker shuts down: the turn is left, running upstream, for the next owner. */
    SHUTDOWN,
    /**
     * The turn can write nothing more (its lease lapsed or was taken, or Redis failed one of its writes): it ends
     * nothing and leaves the upstream run to the next go at the request, here or elsewhere.
     */
    INTERRUPTED;

    /** Whether the turn must stop upstream too. */
    public boolean stopsUpstream() {
        return switch (this) {
            case CANCELLED, RUN_TIMEOUT -> true;
            case SHUTDOWN, INTERRUPTED -> false;
        };
    }
}
