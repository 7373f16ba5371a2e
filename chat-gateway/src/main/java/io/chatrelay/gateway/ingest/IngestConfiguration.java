package io.chatrelay.gateway.ingest;

import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.TopicNames;
import io.chatrelay.gateway.topics.TopicReplication;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;

@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

    /** Created when missing. */
    @Bean
    NewTopic chatRequestsTopic(TopicNames topics, IngestProperties properties, TopicReplication replication) {
        return replication
                .apply(TopicBuilder.name(topics.requests()).partitions(properties.requestPartitions()))
                .build();
    }

    @Bean
    ChatSubmissionParser chatSubmissionParser(IngestProperties properties) {
        return new ChatSubmissionParser(properties);
    }

    @Bean
    RequestLedger requestLedger(ReactiveStringRedisTemplate redis, RedisKeys keys, IngestProperties properties) {
        return new RequestLedger(redis, keys, properties.stateTtl());
    }

    @Bean
    RequestTopicWarmup requestTopicWarmup(KafkaTemplate<String, byte[]> kafka, TopicNames topics) {
        return new RequestTopicWarmup(kafka, topics.requests());
    }

    @Bean
    RequestPublisher requestPublisher(
            KafkaTemplate<String, byte[]> kafka,
            TopicNames topics,
            IngestProperties properties,
            ObjectProvider<Propagator> propagator,
            RequestTopicWarmup warmup) {
        return new RequestPublisher(
                kafka,
                topics,
                properties.publishTimeout(),
                propagator.getIfAvailable(() -> Propagator.NOOP),
                warmup::metadataKnown);
    }

    @Bean
    AcceptScript acceptScript(
            ReactiveStringRedisTemplate redis,
            RedisKeys keys,
            IngestProperties properties,
            RateLimitProperties rateLimit) {
        return new AcceptScript(redis, keys, properties.stateTtl(), rateLimit);
    }

    @Bean
    ChatIntake chatIntake(AcceptScript script, RequestLedger ledger, RequestPublisher publisher) {
        return new ChatIntake(script, ledger, publisher, Clock.systemUTC());
    }
}
