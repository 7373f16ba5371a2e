package io.chatrelay.worker.lifecycle;

import io.chatrelay.worker.engine.Turn;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a running turn must stop, and the blocking read to interrupt when it must. The run timeout counts from
 * the moment the run started upstream: time spent waiting for a turn, for retries or out an outage is not the
 * run's.
 */
final class StopState implements Turn.StopSignal {

    private final Duration runTimeout;
    private volatile Instant deadline = Instant.MAX;
    private volatile String reason;
    private volatile AutoCloseable interrupt;

    StopState(Duration runTimeout) {
        this.runTimeout = runTimeout;
    }

    /** The run started upstream: its time starts now. */
    void runStarted() {
        if (deadline == Instant.MAX) {
            deadline = Instant.now().plus(runTimeout);
        }
    }

    @Override
    public Optional<String> reason() {
        if (reason == null && Instant.now().isAfter(deadline)) {
            reason = "run_timeout";
        }
        return Optional.ofNullable(reason);
    }

    @Override
    public void onStop(AutoCloseable interrupt) {
        this.interrupt = interrupt;
        if (reason != null) {
            stop(reason);
        }
    }

    /** Requests a stop and interrupts the current blocking read. */
    void stop(String why) {
        if (reason == null) {
            reason = why;
        }
        AutoCloseable current = interrupt;
        if (current != null) {
            try {
                current.close();
            } catch (Exception e) {
                // Closing is best effort; the turn also checks the reason between steps.
            }
        }
    }
}
