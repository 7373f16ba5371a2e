package io.chatrelay.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The timetable an answer follows. */
class SimContextTests {

    @Test
    void spreadsTheTokensOverTheLatencyAfterTheQueueTime() {
        long queue = 50;
        long latency = 500;
        int count = 24;

        long[] due = IntStream.range(0, count)
                .mapToLong(i -> SimContext.tokenDue(queue, latency, i, count))
                .toArray();

        assertThat(due[0]).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(queue));
        assertThat(due).isSorted();
        // Exactly the latency, not the latency less what integer milliseconds per token would leave out.
        assertThat(due[count - 1]).isEqualTo(TimeUnit.MILLISECONDS.toNanos(latency));
    }

    @Test
    void writesAtOnceWhenTheQueueTakesTheWholeLatency() {
        assertThat(SimContext.tokenDue(100, 100, 0, 10)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(SimContext.tokenDue(100, 100, 9, 10)).isEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
    }
}
