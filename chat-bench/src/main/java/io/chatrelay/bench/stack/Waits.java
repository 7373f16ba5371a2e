package io.chatrelay.bench.stack;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting for a process to become ready, with a bound. */
public final class Waits {

    private static final Duration POLL = Duration.ofMillis(200);

    private Waits() {}

    /** Polls {@code ready} until it holds; fails after {@code bound}, naming what it waited for. */
    public static void until(String what, Duration bound, BooleanSupplier ready) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!quietly(ready)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Gave up after " + bound.toSeconds() + " s waiting for " + what);
            }
            LockSupport.parkNanos(POLL.toNanos());
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("Interrupted while waiting for " + what);
            }
        }
    }

    private static boolean quietly(BooleanSupplier check) {
        try {
            return check.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
