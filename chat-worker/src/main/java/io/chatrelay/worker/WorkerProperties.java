package io.chatrelay.worker;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How one worker instance consumes and runs requests.
 *
 * @param groupId the consumer group all workers share
 * @param instanceId this worker's name, the start of its lease owner id (with a random part, unique to each run)
 * @param maxInFlight requests running or waiting in this instance before fetching pauses
 * @param resumeBelow fetching resumes when in-flight falls below this
 * @param leaseTtl how long a request's lease lasts without renewal; a crashed worker's requests wait this long
 * @param runTimeout how long one request may run upstream before it is cancelled and failed
 * @param drainTimeout on shutdown, how long in-flight requests may take to finish
 * @param historyTtl how long request state and event history stay in Redis
 * @param deltaInterval the least time between two {@code delta} events of one request, unless
 *     {@code deltaMaxChars} are waiting
 * @param deltaMaxChars how much new text is sent at once, without waiting for the interval
 * @param profileMaxAge how long a company's profile is kept before it is read again; a change made through the
 *     gateway's admin API drops the kept copy at once
 * @param writeTimeout how long a write to a request's journal that the turn waits for may take
 */
@ConfigurationProperties("chatrelay.worker")
public record WorkerProperties(
        @DefaultValue("chat-worker") String groupId,
        @DefaultValue("") String instanceId,
        @DefaultValue("1000") int maxInFlight,
        @DefaultValue("800") int resumeBelow,
        @DefaultValue("30s") Duration leaseTtl,
        @DefaultValue("5m") Duration runTimeout,
        @DefaultValue("30s") Duration drainTimeout,
        @DefaultValue("24h") Duration historyTtl,
        @DefaultValue("100ms") Duration deltaInterval,
        @DefaultValue("400") int deltaMaxChars,
        @DefaultValue("60s") Duration profileMaxAge,
        @DefaultValue("60s") Duration writeTimeout) {}
