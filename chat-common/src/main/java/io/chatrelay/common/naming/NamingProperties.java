package io.chatrelay.common.naming;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Prefixes for topic names and Redis keys, shared by every Chat Relay process.
 *
 * @param topicPrefix prepended to every Kafka topic name
 * @param redisPrefix prepended to every Redis key
 */
@ConfigurationProperties("chatrelay.naming")
public record NamingProperties(
        @DefaultValue("") String topicPrefix,
        @DefaultValue("chatrelay:") String redisPrefix) {

    public TopicNames topics() {
        return new TopicNames(topicPrefix);
    }

    public RedisKeys redisKeys() {
        return new RedisKeys(redisPrefix);
    }
}
