package io.chatrelay.worker.lifecycle;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Turns "the answer so far" reports into {@code delta} events, never losing or repeating text: each emitted delta is
 * exactly what is new since the last one, so the deltas concatenate to the answer. Text is emitted at once when the
 * last delta is at least {@code interval} old or {@code maxChars} are waiting; otherwise a timer emits it when the
 * interval is up, so a slow stream never holds back text it already gave.
 */
final class DeltaCoalescer {

    private final long intervalNanos;
    private final int maxChars;
    private final ScheduledExecutorService timers;
    private final Consumer<String> emit;
    private String delivered;
    private String latest;
    private long lastEmit;
    private ScheduledFuture<?> timer;
    private boolean finished;

    /** {@code alreadyDelivered} is the text earlier deltas of this request carried (on a resume). */
    DeltaCoalescer(
            Duration interval,
            int maxChars,
            String alreadyDelivered,
            ScheduledExecutorService timers,
            Consumer<String> emit) {
        this.intervalNanos = interval.toNanos();
        this.maxChars = maxChars;
        this.timers = timers;
        this.emit = emit;
        this.delivered = alreadyDelivered;
        this.latest = alreadyDelivered;
        this.lastEmit = System.nanoTime() - intervalNanos;
    }

    synchronized void textSoFar(String text) {
        if (finished) {
            return;
        }
        if (text.length() > latest.length()) {
            latest = text;
        }
        long waited = System.nanoTime() - lastEmit;
        if (waited >= intervalNanos || latest.length() - delivered.length() >= maxChars) {
            flush();
        } else if (timer == null && pending()) {
            timer = timers.schedule(this::onTimer, intervalNanos - waited, TimeUnit.NANOSECONDS);
        }
    }

    /** Emits whatever is pending, and then the part of {@code finalText} (null: none) not yet delivered. */
    synchronized void finish(String finalText) {
        if (finalText != null && finalText.length() > latest.length() && finalText.startsWith(delivered)) {
            latest = finalText;
        }
        flush();
        finished = true;
    }

    private synchronized void onTimer() {
        timer = null;
        if (!finished) {
            try {
                flush();
            } catch (RuntimeException e) {
                // The turn's journal was interrupted: the turn sees it at its next step.
            }
        }
    }

    private boolean pending() {
        return latest.length() > delivered.length() && latest.startsWith(delivered);
    }

    private void flush() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (pending()) {
            String next = latest.substring(delivered.length());
            delivered = latest;
            lastEmit = System.nanoTime();
            emit.accept(next);
        }
    }
}
