package io.chatrelay.gateway.stream;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the SSE relay.
 *
 * @param heartbeat how often an idle stream gets a comment line, so proxies do not cut it
 * @param subscriberBuffer events buffered per subscriber before it counts as too slow and is closed
 * @param pollTimeout how long one poll of {@code chat.events} waits for records
 * @param eventPartitions partitions of {@code chat.events} when the gateway creates it
 * @param silenceRecheck after how long without a live event a stream reads its request's history again, for an event
 *     that did not come through Kafka
 */
@ConfigurationProperties("chatrelay.gateway.stream")
record StreamProperties(
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("256") int subscriberBuffer,
        @DefaultValue("200ms") Duration pollTimeout,
        @DefaultValue("12") int eventPartitions,
        @DefaultValue("30s") Duration silenceRecheck) {}
