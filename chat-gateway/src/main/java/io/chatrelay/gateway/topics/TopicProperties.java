package io.chatrelay.gateway.topics;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the topics the gateway creates are replicated.
 *
 * @param replicationFactor replicas of each topic; 0 to fit the cluster: three, or every broker when there are fewer
 * @param minReplicationFactor the fewest replicas the gateway accepts: below it, it refuses to start (the
 *     {@code production} profile asks for 3)
 */
@ConfigurationProperties("chatrelay.gateway.topics")
record TopicProperties(
        @DefaultValue("0") int replicationFactor,
        @DefaultValue("1") int minReplicationFactor) {}
