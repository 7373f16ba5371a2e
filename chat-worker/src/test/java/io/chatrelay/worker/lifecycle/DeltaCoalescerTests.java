package io.chatrelay.worker.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeltaCoalescerTests {

    private final List<String> emitted = new ArrayList<>();

    @Test
    void coalescesWithinTheIntervalAndLosesNothing() {
        DeltaCoalescer coalescer = new DeltaCoalescer(Duration.ofHours(1), "", emitted::add);

        coalescer.textSoFar("Hel");
        coalescer.textSoFar("Hello");
        coalescer.textSoFar("Hello wor");
        coalescer.finish("Hello world");

        assertThat(emitted).containsExactly("Hel", "lo world");
        assertThat(String.join("", emitted)).isEqualTo("Hello world");
    }

    @Test
    void resumedTurnRepeatsNothingAlreadyDelivered() {
        DeltaCoalescer coalescer = new DeltaCoalescer(Duration.ZERO, "Hello ", emitted::add);

        coalescer.textSoFar("Hel");
        coalescer.textSoFar("Hello wo");
        coalescer.finish("Hello world");

        assertThat(emitted).containsExactly("wo", "rld");
    }

    @Test
    void everyReportIsEmittedWhenTheIntervalIsZero() {
        DeltaCoalescer coalescer = new DeltaCoalescer(Duration.ZERO, "", emitted::add);

        coalescer.textSoFar("a");
        coalescer.textSoFar("ab");
        coalescer.finish(null);

        assertThat(emitted).containsExactly("a", "b");
    }
}
