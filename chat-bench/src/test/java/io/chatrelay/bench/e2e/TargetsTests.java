package io.chatrelay.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TargetsTests {

    @Test
    void setsEveryGoalAtAHundredChatsASecondAndLatencyOnlyAtTen() {
        Targets high = Targets.at(100);
        Targets low = Targets.at(10);

        assertThat(high.summary(7.9, 15, 81, 0.99))
                .isEqualTo("targets at 100 chats/s or more: relay CPU per chat ≤ 8 ms met; system-added p50 ≤ 15 ms"
                        + " met; p99 ≤ 80 ms NOT met; ≥ 99 % completed met");
        assertThat(low.summary(50, 7, 39, 0.5))
                .isEqualTo("targets at 10 chats/s or fewer: system-added p50 ≤ 8 ms met; p99 ≤ 40 ms met");
        assertThat(Targets.at(50).summary(1, 1, 1, 1)).endsWith(": none");
    }

    @Test
    void aFigureWithoutSamplesMeetsNoTarget() {
        assertThat(Targets.atMost(Double.NaN, 15, "ms")).isEqualTo(" (target ≤ 15 ms: NOT met)");
        assertThat(Targets.atMost(3, Double.NaN, "ms")).isEmpty();
        assertThat(Targets.atLeast(0.995, 0.99)).isEqualTo(" (target ≥ 99 %: met)");
        assertThat(Targets.at(100).added(12, Double.NaN))
                .isEqualTo(" (targets p50 ≤ 15 ms: met, p99 ≤ 80 ms: NOT met)");
        assertThat(Targets.at(50).added(12, 30)).isEmpty();
    }
}
