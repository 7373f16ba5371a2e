package io.chatrelay.worker.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PausesTests {

    @Test
    void pollsDoubleFromTheFirstWaitUpToFiveSeconds() {
        Pauses polls = Pauses.polls(Duration.ofMillis(500));

        assertThat(Stream.generate(polls::next).limit(6).map(Duration::toMillis))
                .containsExactly(500L, 1000L, 2000L, 4000L, 5000L, 5000L);
    }

    @Test
    void waitsWhileAwayDoubleFromASecondUpToThirty() {
        Pauses pauses = Pauses.whileAway();

        assertThat(Stream.generate(pauses::next).limit(7).map(Duration::toSeconds))
                .containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L);
    }
}
