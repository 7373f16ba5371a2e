package io.chatrelay.worker.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeltaCoalescerTests {

    private final List<String> emitted = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    @Test
    void coalescesWithinTheIntervalAndLosesNothing() {
        DeltaCoalescer coalescer = coalescer(Duration.ofHours(1), 400, "");

        coalescer.textSoFar("Hel");
        coalescer.textSoFar("Hello");
        coalescer.textSoFar("Hello wor");
        coalescer.finish("Hello world");

        assertThat(emitted).containsExactly("Hel", "lo world");
        assertThat(String.join("", emitted)).isEqualTo("Hello world");
    }

    @Test
    void emitsAtOnceWhenEnoughTextWaitsEvenWithinTheInterval() {
        DeltaCoalescer coalescer = coalescer(Duration.ofHours(1), 5, "");

        coalescer.textSoFar("a");
        coalescer.textSoFar("ab");
        coalescer.textSoFar("abcdefg");
        coalescer.textSoFar("abcdefgh");
        coalescer.finish(null);

        assertThat(emitted).containsExactly("a", "bcdefg", "h");
    }

    @Test
    void emitsWhatWaitsWhenTheIntervalIsUpWithoutAnotherReport() {
        DeltaCoalescer coalescer = coalescer(Duration.ofMillis(200), 400, "");

        coalescer.textSoFar("Hel");
        coalescer.textSoFar("Hello");

        await().atMost(Duration.ofSeconds(2)).until(() -> emitted.size() == 2);
        assertThat(emitted).containsExactly("Hel", "lo");
        coalescer.finish("Hello");
        assertThat(emitted).containsExactly("Hel", "lo");
    }

    @Test
    void resumedTurnRepeatsNothingAlreadyDelivered() {
        DeltaCoalescer coalescer = coalescer(Duration.ZERO, 400, "Hello ");

        coalescer.textSoFar("Hel");
        coalescer.textSoFar("Hello wo");
        coalescer.finish("Hello world");

        assertThat(emitted).containsExactly("wo", "rld");
    }

    @Test
    void everyReportIsEmittedWhenTheIntervalIsZero() {
        DeltaCoalescer coalescer = coalescer(Duration.ZERO, 400, "");

        coalescer.textSoFar("a");
        coalescer.textSoFar("ab");
        coalescer.finish(null);

        assertThat(emitted).containsExactly("a", "b");
    }

    private DeltaCoalescer coalescer(Duration interval, int maxChars, String delivered) {
        return new DeltaCoalescer(interval, maxChars, delivered, timers, emitted::add);
    }
}
