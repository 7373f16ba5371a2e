package io.chatrelay.worker.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.Acknowledgment;

class PartitionTrackerTests {

    private final List<Long> acknowledged = new ArrayList<>();
    private final PartitionTracker tracker = new PartitionTracker();

    @Test
    void acknowledgesOnlyTheContiguousFinishedPrefix() {
        for (long offset = 10; offset < 15; offset++) {
            tracker.track(offset, ackFor(offset));
        }

        tracker.finish(12);
        tracker.finish(11);
        assertThat(acknowledged).isEmpty();

        tracker.finish(10);
        assertThat(acknowledged).containsExactly(12L);

        tracker.finish(14);
        assertThat(acknowledged).containsExactly(12L);
        tracker.finish(13);
        assertThat(acknowledged).containsExactly(12L, 14L);
        assertThat(tracker.size()).isZero();
    }

    @Test
    void unknownOffsetsAreIgnored() {
        tracker.track(1, ackFor(1));

        assertThat(tracker.finish(7)).isZero();
        assertThat(acknowledged).isEmpty();
    }

    private Acknowledgment ackFor(long offset) {
        return () -> acknowledged.add(offset);
    }
}
