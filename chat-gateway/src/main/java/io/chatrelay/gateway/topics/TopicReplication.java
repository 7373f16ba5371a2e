package io.chatrelay.gateway.topics;

import java.util.OptionalInt;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The replication factor of the topics the gateway creates; empty leaves it to the broker's default.
 *
 * @param factor the factor, when known
 */
public record TopicReplication(OptionalInt factor) {

    /** Replicas of a topic when the factor fits the cluster: one leader and two followers. */
    static final int FITTING = 3;

    /**
     * The factor for a cluster of {@code brokers} (empty when it could not be counted).
     *
     * @throws IllegalStateException when the factor would be below the minimum, or above the brokers there are
     */
    static TopicReplication of(TopicProperties properties, OptionalInt brokers) {
        if (brokers.isEmpty()) {
            return new TopicReplication(
                    properties.replicationFactor() > 0
                            ? OptionalInt.of(properties.replicationFactor())
                            : OptionalInt.empty());
        }
        int factor = properties.replicationFactor() > 0
                ? properties.replicationFactor()
                : Math.min(FITTING, brokers.getAsInt());
        if (factor < properties.minReplicationFactor()) {
            throw new IllegalStateException("Topics would get " + factor + " replica(s) on a cluster of "
                    + brokers.getAsInt() + " broker(s), below chatrelay.gateway.topics.min-replication-factor="
                    + properties.minReplicationFactor() + ": refusing to start");
        }
        if (factor > brokers.getAsInt()) {
            throw new IllegalStateException("chatrelay.gateway.topics.replication-factor=" + factor
                    + " needs as many brokers; the cluster has " + brokers.getAsInt());
        }
        return new TopicReplication(OptionalInt.of(factor));
    }

    /**
     * {@code topic} with this replication factor; with three replicas or more, a write is acknowledged once two hold
     * it, so that losing one broker loses no acknowledged record and stops no writer.
     */
    public TopicBuilder apply(TopicBuilder topic) {
        if (factor.isEmpty()) {
            return topic;
        }
        return topic.replicas(factor.getAsInt())
                .config(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, factor.getAsInt() >= FITTING ? "2" : "1");
    }
}
