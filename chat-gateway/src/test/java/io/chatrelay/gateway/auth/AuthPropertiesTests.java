package io.chatrelay.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AuthPropertiesTests {

    private static final String ADMIN_TOKEN = "an-admin-token-long-enough";
    private static final String SECRET = "a-stream-token-secret-of-32-characters";

    @Test
    void printsNoSecret() {
        String printed =
                new AuthProperties(true, ADMIN_TOKEN, SECRET, Duration.ofMinutes(10), Duration.ofSeconds(1)).toString();

        assertThat(printed).doesNotContain(ADMIN_TOKEN).doesNotContain(SECRET).contains("enabled=true");
    }

    @Test
    void refusesAuthWithoutAStrongEnoughStreamTokenSecret() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AuthProperties(true, null, null, Duration.ofMinutes(10), Duration.ofSeconds(1)))
                .withMessageContaining("stream-token-secret");
        assertThatIllegalArgumentException()
                .isThrownBy(() ->
                        new AuthProperties(true, null, "short-secret", Duration.ofMinutes(10), Duration.ofSeconds(1)))
                .withMessageNotContaining("short-secret");
    }

    @Test
    void refusesAShortAdminTokenAndTakesABlankOneAsUnset() {
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () -> new AuthProperties(false, "s3cr3t", null, Duration.ofMinutes(10), Duration.ofSeconds(1)))
                .withMessageContaining("admin-token")
                .withMessageNotContaining("s3cr3t");
        assertThat(new AuthProperties(false, "  ", null, Duration.ofMinutes(10), Duration.ofSeconds(1)).adminToken())
                .isNull();
    }

    @Test
    void needsNoSecretWhileAuthIsDisabled() {
        assertThat(new AuthProperties(false, null, null, Duration.ofMinutes(10), Duration.ofSeconds(1)).enabled())
                .isFalse();
    }
}
