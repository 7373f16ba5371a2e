package io.chatrelay.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PreferWaitTests {

    private static final Duration MAX = Duration.ofSeconds(60);

    @Test
    void readsTheWaitAmongOtherPreferences() {
        assertThat(PreferWait.parse("respond-async, wait=5", MAX)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void capsLongWaits() {
        assertThat(PreferWait.parse("wait=3600", MAX)).isEqualTo(MAX);
    }

    @Test
    void ignoresMissingOrUnreadableWaits() {
        assertThat(PreferWait.parse(null, MAX)).isZero();
        assertThat(PreferWait.parse("wait=soon", MAX)).isZero();
        assertThat(PreferWait.parse("return=minimal", MAX)).isZero();
    }
}
