package io.chatrelay.worker.lifecycle;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The worker's stop signal, given once, and the waits that give way to it: whatever waits for Redis or Kafka to come
 * back stops waiting when the worker stops, and leaves its record for the next owner.
 */
final class Stopping {

    private final CountDownLatch signal = new CountDownLatch(1);

    void signal() {
        signal.countDown();
    }

    boolean signalled() {
        return signal.getCount() == 0;
    }

    /** Waits for {@code pause}; returns false, at once, when the worker stops. */
    boolean pause(Duration pause) {
        try {
            return !signal.await(pause.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The worker stopped before the request could end here; its record stays for the next owner. */
    static final class LeftUnfinished extends RuntimeException {

        LeftUnfinished() {
            super("left for the next owner", null, false, false);
        }
    }
}
