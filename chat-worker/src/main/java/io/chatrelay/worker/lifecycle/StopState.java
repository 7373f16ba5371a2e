package io.chatrelay.worker.lifecycle;

import io.chatrelay.worker.engine.StopReason;
import io.chatrelay.worker.engine.Turn;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Whether a running turn must stop, and the blocking read to interrupt when it must. The run timeout counts from
 * the moment the run started upstream: time spent waiting for a turn, for retries or out an outage is not the
 * run's. A timer stops the turn when it runs out, also while it is blocked in a read.
 */
final class StopState implements Turn.StopSignal, AutoCloseable {

    private final Duration runTimeout;
    private final ScheduledExecutorService timers;
    private volatile StopReason reason;
    private volatile AutoCloseable interrupt;
    private ScheduledFuture<?> deadline;

    StopState(Duration runTimeout, ScheduledExecutorService timers) {
        this.runTimeout = runTimeout;
        this.timers = timers;
    }

    /** The run started upstream: its time starts now. */
    synchronized void runStarted() {
        if (deadline == null) {
            deadline =
                    timers.schedule(() -> stop(StopReason.RUN_TIMEOUT), runTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public Optional<StopReason> reason() {
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
    void stop(StopReason why) {
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

    /** The turn is over: its deadline no longer matters. */
    @Override
    public synchronized void close() {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }
}
