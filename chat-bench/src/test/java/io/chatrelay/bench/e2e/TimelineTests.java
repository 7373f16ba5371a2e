package io.chatrelay.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.common.wire.EventType;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimelineTests {

    private static final Instant POSTED = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void splitsAChatIntoStepsBetweenTheFirstEventOfEachType() {
        Timeline timeline = new Timeline();
        Map<EventType, Instant> first = new EnumMap<>(EventType.class);
        first.put(EventType.ACCEPTED, POSTED.plusMillis(3));
        first.put(EventType.QUEUED, POSTED.plusMillis(10));
        first.put(EventType.THREAD, POSTED.plusMillis(11));
        first.put(EventType.STARTED, POSTED.plusMillis(30));
        first.put(EventType.DELTA, POSTED.plusMillis(250));
        first.put(EventType.COMPLETED, POSTED.plusMillis(2_040));

        timeline.add(5, POSTED, first, POSTED.plusMillis(2_046), 21, 16);

        assertThat(timeline.lines())
                .containsExactly(
                        "post -> 202 (client)       5 ms / 5 ms",
                        "post -> accepted           3 ms / 3 ms",
                        "accepted -> queued         7 ms / 7 ms",
                        "queued -> thread           1 ms / 1 ms",
                        "thread -> started          19 ms / 19 ms",
                        "started -> first delta     220 ms / 220 ms",
                        "first delta -> completed   1,790 ms / 1,790 ms",
                        "completed -> client        6 ms / 6 ms",
                        "events per chat            21 (16 deltas), median");
    }

    @Test
    void leavesOutOnlyTheStepsNextToAMissingEvent() {
        Timeline timeline = new Timeline();
        Map<EventType, Instant> first = new EnumMap<>(EventType.class);
        first.put(EventType.ACCEPTED, POSTED.plusMillis(3));
        first.put(EventType.QUEUED, POSTED.plusMillis(10));
        first.put(EventType.STARTED, POSTED.plusMillis(30));
        first.put(EventType.COMPLETED, POSTED.plusMillis(40));

        timeline.add(4, POSTED, first, POSTED.plusMillis(41), 4, 0);

        assertThat(timeline.lines())
                .contains(
                        "post -> accepted           3 ms / 3 ms",
                        "accepted -> queued         7 ms / 7 ms",
                        "queued -> thread           NaN ms / NaN ms",
                        "thread -> started          NaN ms / NaN ms",
                        "started -> first delta     NaN ms / NaN ms",
                        "first delta -> completed   NaN ms / NaN ms",
                        "completed -> client        1 ms / 1 ms",
                        "events per chat            4 (0 deltas), median");
    }
}
