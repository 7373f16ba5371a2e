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
 * answers again.
 */
public final class OutageGuard {

    private static final Logger log = LoggerFactory.getLogger(OutageGuard.class);

    private record Call(long atNanos, boolean failed) {}

    private final RetryProperties.Outage settings;
    private final BooleanSupplier probe;
    private final Deque<Call> calls = new ArrayDeque<>();
    /** How many of {@link #calls} failed, kept as calls come and go so that no call counts the window again. */
    private int failures;

    private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
    private boolean down;

    public OutageGuard(RetryProperties.Outage settings, BooleanSupplier probe) {
        this.settings = settings;
        this.probe = probe;
    }

    /** Called with {@code true} when an outage starts and {@code false} when it ends. */
    public void onChange(Consumer<Boolean> listener) {
        listeners.add(listener);
    }

    public synchronized boolean down() {
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
                }
            }
        }
        if (started) {
            log.warn("Upstream outage: pausing intake; retries wait until the upstream answers again");
            listeners.forEach(l -> l.accept(true));
            Thread.ofVirtual().name("upstream-probe").start(this::probeUntilUp);
        }
    }

    private void probeUntilUp() {
        while (true) {
            try {
                Thread.sleep(settings.probeInterval());
            } catch (InterruptedException e) {
                return;
            }
            boolean up;
            try {
                up = probe.getAsBoolean();
            } catch (RuntimeException e) {
                up = false;
            }
            if (up) {
                synchronized (this) {
                    down = false;
                    calls.clear();
                    failures = 0;
                    notifyAll();
                }
                log.info("Upstream answers again: resuming intake");
                listeners.forEach(l -> l.accept(false));
                return;
            }
        }
    }
}
