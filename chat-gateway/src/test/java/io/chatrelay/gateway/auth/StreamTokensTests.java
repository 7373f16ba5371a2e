package io.chatrelay.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class StreamTokensTests {

    private static final String SECRET = "a-stream-token-secret-of-32-characters";
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration TTL = Duration.ofMinutes(10);

    private final StreamTokens tokens = at(NOW);

    @Test
    void acceptsItsTokenForItsRequestNamingTheCompany() {
        String token = tokens.mint("req_1", "acme");

        assertThat(tokens.verify(token, "req_1")).isEqualTo(new StreamTokens.Verdict.Valid("acme"));
        assertThat(at(NOW.plus(TTL).minusSeconds(1)).verify(token, "req_1"))
                .isEqualTo(new StreamTokens.Verdict.Valid("acme"));
    }

    @Test
    void refusesItForAnotherRequest() {
        assertThat(tokens.verify(tokens.mint("req_1", "acme"), "req_2"))
                .isInstanceOf(StreamTokens.Verdict.Invalid.class);
    }

    @Test
    void saysExpiredOnceTheTtlPassed() {
        String token = tokens.mint("req_1", "acme");

        assertThat(at(NOW.plus(TTL)).verify(token, "req_1")).isInstanceOf(StreamTokens.Verdict.Expired.class);
    }

    @Test
    void refusesATokenWithAnotherCompanyOrExpiryThanSigned() {
        String token = tokens.mint("req_1", "acme");
        String[] parts = token.split("\\.");

        assertThat(tokens.verify("globex." + parts[1] + "." + parts[2], "req_1"))
                .isInstanceOf(StreamTokens.Verdict.Invalid.class);
        assertThat(tokens.verify(parts[0] + "." + (Long.parseLong(parts[1]) + 3600) + "." + parts[2], "req_1"))
                .isInstanceOf(StreamTokens.Verdict.Invalid.class);
    }

    @Test
    void refusesATokenSignedWithAnotherSecretEvenWhenExpired() {
        StreamTokens other =
                new StreamTokens("another-secret-that-is-32-characters-long", TTL, Clock.fixed(NOW, ZoneOffset.UTC));
        String forged = other.mint("req_1", "acme");

        assertThat(tokens.verify(forged, "req_1")).isInstanceOf(StreamTokens.Verdict.Invalid.class);
        assertThat(at(NOW.plus(Duration.ofDays(1))).verify(forged, "req_1"))
                .isInstanceOf(StreamTokens.Verdict.Invalid.class);
    }

    @Test
    void refusesMalformedTokens() {
        for (String malformed : new String[] {
            "", "acme", "acme.1", "acme.1.2.3", "acme.soon.c2ln", "acme.1.not base64!", "ACME.1.c2ln", ".1.c2ln"
        }) {
            assertThat(tokens.verify(malformed, "req_1"))
                    .as(malformed)
                    .isInstanceOf(StreamTokens.Verdict.Invalid.class);
        }
    }

    @Test
    void acceptsNothingWithoutASecret() {
        StreamTokens none = new StreamTokens(null, TTL, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(none.verify(tokens.mint("req_1", "acme"), "req_1")).isInstanceOf(StreamTokens.Verdict.Invalid.class);
    }

    private static StreamTokens at(Instant now) {
        return new StreamTokens(SECRET, TTL, Clock.fixed(now, ZoneOffset.UTC));
    }
}
