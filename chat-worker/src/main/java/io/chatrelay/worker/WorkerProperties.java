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
 * @param deltaInterval the least time between two {@code delta} events of one request
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
        @DefaultValue("50ms") Duration deltaInterval) {}
