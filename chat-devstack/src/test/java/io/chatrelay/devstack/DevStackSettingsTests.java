package io.chatrelay.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DevStackSettingsTests {

    @Test
    void defaultsToPort8080TheSimulatorAndFreshSecrets() {
        DevStackSettings first = DevStackSettings.parse(new String[0], Map.of());
        DevStackSettings second = DevStackSettings.parse(new String[0], Map.of());

        assertThat(first.port()).isEqualTo(8080);
        assertThat(first.externalUpstream()).isFalse();
        assertThat(first.redisUrl()).isNull();
        assertThat(first.adminToken()).hasSizeGreaterThanOrEqualTo(16).isNotEqualTo(second.adminToken());
        assertThat(first.demoKey()).isNotBlank().isNotEqualTo(second.demoKey());
    }

    @Test
    void theFlagWinsOverTheEnvironmentForThePort() {
        DevStackSettings settings = DevStackSettings.parse(
                new String[] {"--port", "9000", "--sim-latency-ms", "250"}, Map.of("CHATRELAY_PORT", "9100"));

        assertThat(settings.port()).isEqualTo(9000);
        assertThat(settings.simLatency()).isEqualTo(Duration.ofMillis(250));
        assertThat(DevStackSettings.parse(new String[0], Map.of("CHATRELAY_PORT", "9100"))
                        .port())
                .isEqualTo(9100);
    }

    @Test
    void takesSecretsRedisAndUpstreamFromTheEnvironment() {
        DevStackSettings settings = DevStackSettings.parse(
                new String[0],
                Map.of(
                        "CHATRELAY_ADMIN_TOKEN", "an-admin-token-of-length",
                        "CHATRELAY_DEMO_KEY", "demo-key",
                        "REDIS_URL", "redis://redis.example:6379",
                        "OPENAI_API_KEY", "sk-real"));

        assertThat(settings.adminToken()).isEqualTo("an-admin-token-of-length");
        assertThat(settings.demoKey()).isEqualTo("demo-key");
        assertThat(settings.redisUrl()).isEqualTo("redis://redis.example:6379");
        assertThat(settings.externalUpstream()).isTrue();
        assertThat(settings.upstreamBaseUrl()).isEqualTo("https://api.openai.com/v1");
        assertThat(settings.toString()).doesNotContain("an-admin-token-of-length", "demo-key", "sk-real");
    }

    @Test
    void aCompatibleServerNeedsOnlyItsBaseUrl() {
        DevStackSettings settings =
                DevStackSettings.parse(new String[0], Map.of("OPENAI_BASE_URL", "http://llm.local:8000/v1"));

        assertThat(settings.externalUpstream()).isTrue();
        assertThat(settings.upstreamBaseUrl()).isEqualTo("http://llm.local:8000/v1");
    }

    @Test
    void refusesBadInputWithAMessageThatSaysWhat() {
        assertThatThrownBy(() -> DevStackSettings.parse(new String[] {"--port", "eighty"}, Map.of()))
                .hasMessage("--port must be a number, got 'eighty'");
        assertThatThrownBy(() -> DevStackSettings.parse(new String[] {"--port"}, Map.of()))
                .hasMessage("--port needs a value");
        assertThatThrownBy(() -> DevStackSettings.parse(new String[] {"--verbose", "yes"}, Map.of()))
                .hasMessageStartingWith("unknown option --verbose");
        assertThatThrownBy(() -> DevStackSettings.parse(new String[0], Map.of("CHATRELAY_ADMIN_TOKEN", "short")))
                .hasMessageContaining("at least 16 characters");
        assertThatThrownBy(() -> DevStackSettings.parse(new String[] {"--port", "70000"}, Map.of()))
                .hasMessageContaining("between 0 and 65535");
    }
}
