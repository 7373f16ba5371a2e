package io.chatrelay.gateway.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the per-company rate limit.
 *
 * @param enabled whether submissions are rate-limited at all
 * @param burst how many submissions a company may send at once (the bucket's size)
 * @param perSecond how many submissions per second a company may sustain (the refill rate)
 */
@ConfigurationProperties("chatrelay.gateway.rate-limit")
record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("200") int burst,
        @DefaultValue("100") double perSecond) {}
