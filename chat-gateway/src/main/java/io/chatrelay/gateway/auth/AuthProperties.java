package io.chatrelay.gateway.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of authentication. The secrets are never printed, not even by {@link #toString()}.
 *
 * @param enabled whether {@code /v1/**} and {@code /api/**} require a company API key; off by default, as in the
 *     original system
 * @param adminToken the bearer token of the admin API ({@code /admin/**}), at least 16 characters; while none is
 *     set the admin API answers 404
 * @param streamTokenSecret the HMAC-SHA256 key that signs stream tokens, at least 32 characters and the same on
 *     every gateway instance; required when {@code enabled}
 * @param streamTokenTtl how long a stream token may open its request's events
 * @param apiKeyCacheTtl how long an instance remembers which company an API key belongs to, and so how long a key
 *     revoked through another instance (or in Redis) may still work here; zero reads Redis on every request
 */
@ConfigurationProperties("chatrelay.gateway.auth")
record AuthProperties(
        @DefaultValue("false") boolean enabled,
        String adminToken,
        String streamTokenSecret,
        @DefaultValue("10m") Duration streamTokenTtl,
        @DefaultValue("1s") Duration apiKeyCacheTtl) {

    static final int MIN_ADMIN_TOKEN = 16;
    static final int MIN_STREAM_TOKEN_SECRET = 32;

    AuthProperties {
        // An empty environment variable means "not set".
        adminToken = adminToken == null || adminToken.isBlank() ? null : adminToken;
        streamTokenSecret = streamTokenSecret == null || streamTokenSecret.isBlank() ? null : streamTokenSecret;
        if (adminToken != null && adminToken.length() < MIN_ADMIN_TOKEN) {
            throw new IllegalArgumentException(
                    "chatrelay.gateway.auth.admin-token must have at least " + MIN_ADMIN_TOKEN + " characters");
        }
        if (enabled && (streamTokenSecret == null || streamTokenSecret.length() < MIN_STREAM_TOKEN_SECRET)) {
            throw new IllegalArgumentException("chatrelay.gateway.auth.stream-token-secret must have at least "
                    + MIN_STREAM_TOKEN_SECRET + " characters when auth is enabled");
        }
        if (streamTokenTtl.isNegative() || streamTokenTtl.isZero()) {
            throw new IllegalArgumentException("chatrelay.gateway.auth.stream-token-ttl must be positive");
        }
        if (apiKeyCacheTtl.isNegative()) {
            throw new IllegalArgumentException("chatrelay.gateway.auth.api-key-cache-ttl must not be negative");
        }
    }

    @Override
    public String toString() {
        return "AuthProperties[enabled=" + enabled + ", adminToken=" + (adminToken == null ? "unset" : "***")
                + ", streamTokenSecret=" + (streamTokenSecret == null ? "unset" : "***") + ", streamTokenTtl="
                + streamTokenTtl + ", apiKeyCacheTtl=" + apiKeyCacheTtl + "]";
    }
}
