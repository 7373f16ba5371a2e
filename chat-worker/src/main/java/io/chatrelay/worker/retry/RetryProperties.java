package io.chatrelay.worker.retry;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The retry policy for transient upstream failures.
 *
 * @param maxAttempts attempts of one upstream step, the first included
 * @param initialBackoff wait before the first retry
 * @param multiplier growth of the wait from one retry to the next
 * @param maxBackoff the longest computed wait
 * @param maxRetryAfter the longest wait honoured from a {@code retry-after} header
 * @param maxElapsed no retry starts after this much time on one step
 */
@ConfigurationProperties("chatrelay.worker.retry")
public record RetryProperties(
        @DefaultValue("6") int maxAttempts,
        @DefaultValue("500ms") Duration initialBackoff,
        @DefaultValue("2.0") double multiplier,
        @DefaultValue("20s") Duration maxBackoff,
        @DefaultValue("60s") Duration maxRetryAfter,
        @DefaultValue("3m") Duration maxElapsed) {}
