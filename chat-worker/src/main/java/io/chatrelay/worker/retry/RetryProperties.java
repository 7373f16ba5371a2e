package io.chatrelay.worker.retry;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The retry policy for transient upstream failures.
 *
 * @param maxAttempts attempts of one upstream step, the first included; retries after a rate limit with
 *     {@code retry-after} are not counted (max-elapsed bounds them)
 * @param initialBackoff wait before the first retry
 * @param multiplier growth of the wait from one retry to the next
 * @param maxBackoff the longest computed wait
 * @param maxRetryAfter the longest wait honoured from a {@code retry-after} header
 * @param maxElapsed no retry starts after this much time on one step
 * @param outage when the upstream counts as down
 */
@ConfigurationProperties("chatrelay.worker.retry")
public record RetryProperties(
        @DefaultValue("6") int maxAttempts,
        @DefaultValue("500ms") Duration initialBackoff,
        @DefaultValue("2.0") double multiplier,
        @DefaultValue("20s") Duration maxBackoff,
        @DefaultValue("60s") Duration maxRetryAfter,
        @DefaultValue("3m") Duration maxElapsed,
        @DefaultValue Outage outage) {

    /**
     * The outage guard's thresholds.
     *
     * @param window how far back upstream calls are counted
     * @param minCalls the fewest calls in the window that can signal an outage
     * @param failureRatio the share of transient failures among them that means "down"
     * @param probeInterval how often a down upstream is probed
     * @param probeTimeout how long one probe may wait for an answer
     */
    public record Outage(
            @DefaultValue("30s") Duration window,
            @DefaultValue("10") int minCalls,
            @DefaultValue("0.8") double failureRatio,
            @DefaultValue("1s") Duration probeInterval,
            @DefaultValue("5s") Duration probeTimeout) {}
}
