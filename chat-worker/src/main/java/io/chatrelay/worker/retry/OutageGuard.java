package io.chatrelay.worker.retry;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

    private record Call(long atNanos, boolean failed) {}

    private final RetryProperties.Outage settings;
    private final BooleanSupplier probe;
    private final Deque<Call> calls = new ArrayDeque<>();
    /** How many of {@link #calls} failed, kept as calls come and go so that no call counts the window again. */
    private int failures;

    private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
    private boolean down;
    /** When the running probe last showed life (started, or began an attempt); guarded by {@code this}. */
    private long probeSeenNanos;

    public OutageGuard(RetryProperties.Outage settings, BooleanSupplier probe) {
        this.settings = settings;
        this.probe = probe;
    }

    /** Called with {@code true} when an outage starts and {@code false} when it ends. */
    public void onChange(Consumer<Boolean> listener) {
        listeners.add(listener);
    }

    public synchronized boolean down() {
        replaceStalledProbe();
        return down;
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
        boolean started = false;
        synchronized (this) {
            long now = System.nanoTime();
            calls.addLast(new Call(now, failed));
            if (failed) {
                failures++;
            }
            long horizon = now - settings.window().toNanos();
            while (!calls.isEmpty() && calls.peekFirst().atNanos() < horizon) {
                if (calls.removeFirst().failed()) {
                    failures--;
                }
            }
            if (!down && calls.size() >= settings.minCalls()) {
                if (failures >= settings.failureRatio() * calls.size()) {
                    down = true;
                    started = true;
                    startProbe();
                }
            }
        }
        if (started) {
            log.warn("Upstream outage: pausing intake; retries wait until the upstream answers again");
            listeners.forEach(l -> l.accept(true));
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
        Thread.ofVirtual().name("upstream-probe").start(this::probeUntilUp);
    }

    private void probeUntilUp() {
        for (int attempt = 1; ; attempt++) {
            synchronized (this) {
                if (!down) {
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
                        "The upstream is still down after {} probes{}",
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
            calls.clear();
            failures = 0;
            notifyAll();
        }
        log.info("Upstream answers again: resuming intake");
        listeners.forEach(l -> l.accept(false));
    }
}
