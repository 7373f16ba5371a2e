package io.chatrelay.gateway.ops;

import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.TopicNames;
import io.chatrelay.gateway.consume.ConsumerLoop;
import io.chatrelay.gateway.topics.TopicReplication;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

@Configuration(proxyBeanMethods = false)
class OpsConfiguration {

    /** Created when missing, so the indexer can subscribe before any worker dead-lettered anything. */
    @Bean
    NewTopic chatDeadLettersTopic(TopicNames topics, OpsProperties properties, TopicReplication replication) {
        return replication
                .apply(TopicBuilder.name(topics.deadLetters()).partitions(properties.deadLetterPartitions()))
                .build();
    }

    @Bean
    DeadLetterIndex deadLetterIndex(StringRedisTemplate redis, RedisKeys keys) {
        return new DeadLetterIndex(redis, keys);
    }

    @Bean
    OpsMetrics opsMetrics(MeterRegistry registry) {
        return new OpsMetrics(registry);
    }

    @Bean
    AuditTrail auditTrail(StringRedisTemplate redis, RedisKeys keys, OpsProperties properties) {
        return new AuditTrail(redis, keys, properties.auditEntries());
    }

    @Bean
    @ConditionalOnProperty(name = "chatrelay.gateway.ops.indexer-enabled", matchIfMissing = true)
    ConsumerLoop<String, byte[]> deadLetterIndexer(
            KafkaProperties kafka,
            TopicNames topics,
            OpsProperties properties,
            DeadLetterIndex index,
            OpsMetrics metrics) {
        Map<String, Object> consumerProperties = kafka.buildConsumerProperties();
        return new ConsumerLoop<>(
                "dead-letter-indexer",
                () -> DeadLetterIndexer.consumer(consumerProperties, properties.groupId()),
                new DeadLetterIndexer(topics.deadLetters(), properties.pollTimeout(), index, metrics),
                SmartLifecycle.DEFAULT_PHASE);
    }

    @Bean
    Replays replays(
            DeadLetterIndex index,
            AuditTrail audit,
            OpsMetrics metrics,
            KafkaTemplate<String, byte[]> kafka,
            TopicNames topics,
            OpsProperties properties) {
        return new Replays(index, audit, metrics, kafka, topics, properties, Clock.systemUTC());
    }

    @Bean
    RouterFunction<ServerResponse> opsPage() {
        return OpsPage.route();
    }

    @Bean
    Discards discards(DeadLetterIndex index, AuditTrail audit, OpsMetrics metrics) {
        return new Discards(index, audit, metrics, Clock.systemUTC());
    }
}
