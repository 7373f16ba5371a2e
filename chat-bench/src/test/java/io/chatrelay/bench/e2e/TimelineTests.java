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

        timeline.add(
                5,
                POSTED,
                firstAfter(Map.of(
                        EventType.ACCEPTED, 3,
                        EventType.QUEUED, 10,
                        EventType.THREAD, 11,
                        EventType.STARTED, 30,
                        EventType.DELTA, 250,
                        EventType.COMPLETED, 2_040)),
                POSTED.plusMillis(2_046),
                21,
                16);

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

        timeline.add(
                4,
                POSTED,
                firstAfter(Map.of(
                        EventType.ACCEPTED, 3, EventType.QUEUED, 10, EventType.STARTED, 30, EventType.COMPLETED, 40)),
                POSTED.plusMillis(41),
                4,
                0);

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

    /** When each type was first written, in milliseconds after the {@code POST}. */
    private static Map<EventType, Instant> firstAfter(Map<EventType, Integer> millis) {
        Map<EventType, Instant> first = new EnumMap<>(EventType.class);
        millis.forEach((type, after) -> first.put(type, POSTED.plusMillis(after)));
        return first;
    }
}
