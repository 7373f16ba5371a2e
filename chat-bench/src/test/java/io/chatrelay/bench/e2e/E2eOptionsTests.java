package io.chatrelay.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class E2eOptionsTests {

    @Test
    void defaultsToTheTargetRunsLatencyTokensAndWarmUp() {
        E2eOptions options = E2eOptions.parse(new String[] {"--rate", "100"});

        assertThat(options)
                .isEqualTo(new E2eOptions(
                        60,
                        100,
                        120,
                        Duration.ofSeconds(300),
                        List.of(Duration.ofSeconds(2)),
                        16,
                        1,
                        2,
                        List.of(),
                        false));
    }

    @Test
    void passesTheAppsJvmOptionsOneByOne() {
        E2eOptions options =
                E2eOptions.parse(new String[] {"--app-jvm", "-XX:+UseSerialGC  -Xss512k", "--workers", "1"});

        assertThat(options.appJvmOptions()).containsExactly("-XX:+UseSerialGC", "-Xss512k");
        assertThat(options.workers()).isEqualTo(1);
    }

    @Test
    void followsEachChatOnItsPostOrOnItsEvents() {
        assertThat(E2eOptions.parse(new String[] {"--follow", "post"}).streamedPost())
                .isTrue();
        assertThat(E2eOptions.parse(new String[] {"--follow", "events"}).streamedPost())
                .isFalse();
        assertThatThrownBy(() -> E2eOptions.parse(new String[] {"--follow", "poll"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--follow must be events or post");
    }

    @Test
    void runsOnOneBrokerOrThree() {
        assertThat(E2eOptions.parse(new String[] {"--brokers", "3"}).brokers()).isEqualTo(3);
        assertThatThrownBy(() -> E2eOptions.parse(new String[] {"--brokers", "2"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--brokers must be 1 or 3");
    }

    @Test
    void refusesAnOptionItDoesNotKnowRatherThanIgnoringIt() {
        assertThatThrownBy(() -> E2eOptions.parse(new String[] {"--latency", "500"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--latency");
    }
}
