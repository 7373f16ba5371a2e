package io.chatrelay.worker.journal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whether a go at a request can still write: once a write failed, every later call fails with the first reason, and
 * the listener is told at once.
 */
final class Interruption {

    private volatile JournalInterrupted reason;
    private volatile Runnable listener = () -> {};

    /** Runs {@code listener} once, as soon as a write fails (also when one failed already). */
    void onInterrupted(Runnable listener) {
        this.listener = listener;
        if (reason != null) {
            listener.run();
        }
    }

    /** Why nothing more can be written; empty while it can. */
    Optional<JournalInterrupted> reason() {
        return Optional.ofNullable(reason);
    }

    /** Records {@code why} unless another reason came first, telling the listener; answers the first reason. */
    JournalInterrupted interrupt(JournalInterrupted why) {
        if (reason == null) {
            reason = why;
            listener.run();
        }
        return reason;
    }

    void failIfInterrupted() {
        if (reason != null) {
            throw reason;
        }
    }

    /** Waits at most {@code timeout} for {@code written}; a failure, a timeout or an interrupt ends the writing. */
    void await(CompletableFuture<Void> written, Duration timeout) {
        try {
            written.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw reason != null ? reason : new JournalInterrupted("A journal write failed", e.getCause());
        } catch (TimeoutException e) {
            throw interrupt(new JournalInterrupted("Redis did not answer a journal write in time", e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupt(new JournalInterrupted("Interrupted while waiting for a journal write", e));
        }
    }
}
