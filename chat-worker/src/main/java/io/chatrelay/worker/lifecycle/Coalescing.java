package io.chatrelay.worker.lifecycle;

import io.chatrelay.worker.journal.HeldRequest;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * How deltas are coalesced: at most one {@code delta} event per {@code interval}, or sooner once {@code maxChars} are
 * waiting; {@code timers} emit what waits when the interval is up.
 */
record Coalescing(Duration interval, int maxChars, ScheduledExecutorService timers) {

    /** A coalescer for a request, starting after the text it delivered before it was taken up. */
    DeltaCoalescer coalescer(HeldRequest held, Consumer<String> emit) {
        return new DeltaCoalescer(interval, maxChars, held.deliveredText(), timers, emit);
    }
}
