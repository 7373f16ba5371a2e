package io.chatrelay.worker.retry;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a long upstream outage from ordinary failures: when most upstream calls over a recent window failed
 * transiently, the upstream counts as down. While it is down, retries wait for it instead of using up their
 * budget (so nothing is dead-lettered for an outage), intake pauses, and a probe checks the upstream until it
 * answers again. A probe that died or hangs is replaced by the next look at the guard (a waiting retry, the health
 * check, the gauge), so the guard cannot stay down once the upstream answers.
 */
public final class OutageGuard {

    private static final Logger log = LoggerFactory.getLogger(OutageGuard.class);
    /** A failed probe is logged once, then at this stride, so that a long outage shows in the log without flooding it. */
    private static final int LOG_EVERY = 30;

    /** The window is counted in this many buckets, so that a call costs two atomic increments and no lock. */
    private static final int BUCKETS = 30;

    private final RetryProperties.Outage settings;
    private final BooleanSupplier probe;
    private final long bucketNanos;
    /** Per bucket: which bucket of the clock it counts, its calls and its transient failures. */
    private final AtomicLongArray stamps = new AtomicLongArray(BUCKETS);

    private final AtomicLongArray calls = new AtomicLongArray(BUCKETS);
    private final AtomicLongArray failures = new AtomicLongArray(BUCKETS);

    private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean down;
    /** When the running probe last showed life (started, or began an attempt); guarded by {@code this}. */
    private long probeSeenNanos;
    /** Which probe is the running one: a probe replaced as stalled ends at its next attempt. */
    private long probeGeneration;

    public OutageGuard(RetryProperties.Outage settings, BooleanSupplier probe) {
        this.settings = settings;
        this.probe = probe;
        this.bucketNanos = Math.max(1, settings.window().toNanos() / BUCKETS);
        forgetCalls();
    }

    /** Called with {@code true} when an outage starts and {@code false} when it ends. */
    public void onChange(Consumer<Boolean> listener) {
        listeners.add(listener);
    }

    public boolean down() {
        if (down) {
            synchronized (this) {
                replaceStalledProbe();
            }
        }
        return down;
    }

    /** Upstream calls in the guard's window, and how many of them failed transiently. */
    public record Window(long calls, long failures) {}

    public Window window() {
        long current = bucket();
        long called = 0;
        long failed = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (current - stamps.get(i) < BUCKETS) {
                called += calls.get(i);
                failed += failures.get(i);
            }
        }
        return new Window(called, failed);
    }

    void succeeded() {
        record(false);
    }

    void failedTransiently() {
        record(true);
    }

    /** Blocks while the upstream is down. */
    synchronized void awaitUp() throws InterruptedException {
        while (down) {
            replaceStalledProbe();
            wait(1000);
        }
    }

    private void record(boolean failed) {
        long current = bucket();
        int i = (int) Math.floorMod(current, BUCKETS);
        if (stamps.get(i) != current) {
            synchronized (this) {
                // The bucket last counted a window ago: start it afresh (its stamp last, so no count lands before).
                if (stamps.get(i) != current) {
                    calls.set(i, 0);
                    failures.set(i, 0);
                    stamps.set(i, current);
                }
            }
        }
        calls.incrementAndGet(i);
        if (!failed) {
            return;
        }
        failures.incrementAndGet(i);
        boolean started = false;
        synchronized (this) {
            Window counted = window();
            if (!down
                    && counted.calls() >= settings.minCalls()
                    && counted.failures() >= settings.failureRatio() * counted.calls()) {
                down = true;
                started = true;
                startProbe();
            }
        }
        if (started) {
            log.warn("Upstream outage: pausing intake; retries wait until the upstream answers again");
            listeners.forEach(l -> l.accept(true));
        }
    }

    private long bucket() {
        return System.nanoTime() / bucketNanos;
    }

    /** Called holding the lock, or from the constructor. */
    private void forgetCalls() {
        for (int i = 0; i < BUCKETS; i++) {
            stamps.set(i, Long.MIN_VALUE / 2);
            calls.set(i, 0);
            failures.set(i, 0);
        }
    }

    /** Starts a probe in place of one that has shown no life for longer than an attempt can take. */
    private void replaceStalledProbe() {
        long stalledAfter =
                settings.probeInterval().plus(settings.probeTimeout()).toNanos() * 2;
        if (down && System.nanoTime() - probeSeenNanos > stalledAfter) {
            log.warn("The upstream probe stalled; starting another");
            startProbe();
        }
    }

    /** Called holding the lock. */
    private void startProbe() {
        probeSeenNanos = System.nanoTime();
        long generation = ++probeGeneration;
        Thread.ofVirtual().name("upstream-probe").start(() -> probeUntilUp(generation));
    }

    private void probeUntilUp(long generation) {
        for (int attempt = 1; ; attempt++) {
            synchronized (this) {
                if (!down || generation != probeGeneration) {
                    return;
                }
                probeSeenNanos = System.nanoTime();
            }
            try {
                Thread.sleep(settings.probeInterval());
            } catch (InterruptedException e) {
                // Left for the next look at the guard to replace.
                return;
            }
            boolean up;
            Throwable failure = null;
            try {
                up = probe.getAsBoolean();
            } catch (Throwable e) {
                // Even an error must not end the probing: nothing else would bring the upstream back.
                up = false;
                failure = e;
            }
            if (up) {
                recovered();
                return;
            }
            if (attempt == 1 || attempt % LOG_EVERY == 0) {
                log.warn(
                        "The upstream is still down at probe {}{}",
                        attempt,
                        failure == null ? "" : " (the last failed: " + failure + ")");
            }
        }
    }

    private void recovered() {
        synchronized (this) {
            if (!down) {
                return;
            }
            down = false;
            forgetCalls();
            notifyAll();
        }
        log.info("Upstream answers again: resuming intake");
        listeners.forEach(l -> l.accept(false));
    }
}
