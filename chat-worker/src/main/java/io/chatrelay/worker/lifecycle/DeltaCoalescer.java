package io.chatrelay.worker.lifecycle;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Turns "the answer so far" reports into at most one {@code delta} event per interval, never losing or repeating
 * text: each emitted delta is exactly what is new since the last one, so the deltas concatenate to the answer.
 */
final class DeltaCoalescer {

    private final long intervalNanos;
    private final Consumer<String> emit;
    private String delivered;
    private String latest;
    private long lastEmit;

    /** {@code alreadyDelivered} is the text earlier deltas of this request carried (on a resume). */
    DeltaCoalescer(Duration interval, String alreadyDelivered, Consumer<String> emit) {
        this.intervalNanos = interval.toNanos();
        this.emit = emit;
        this.delivered = alreadyDelivered;
        this.latest = alreadyDelivered;
        this.lastEmit = System.nanoTime() - intervalNanos;
    }

    synchronized void textSoFar(String text) {
        if (text.length() > latest.length()) {
            latest = text;
        }
        if (System.nanoTime() - lastEmit >= intervalNanos) {
            flush();
        }
    }

    /** Emits whatever is pending, and then the part of {@code finalText} not yet delivered. */
    synchronized void finish(String finalText) {
        if (finalText != null && finalText.length() > latest.length() && finalText.startsWith(delivered)) {
            latest = finalText;
        }
        flush();
    }

    private void flush() {
        if (latest.length() > delivered.length() && latest.startsWith(delivered)) {
            String next = latest.substring(delivered.length());
            delivered = latest;
            lastEmit = System.nanoTime();
            emit.accept(next);
        }
    }
}
