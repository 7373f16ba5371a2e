package io.chatrelay.gateway.stream;

import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.TopicNames;
import io.chatrelay.gateway.consume.ConsumerLoop;
import io.chatrelay.gateway.topics.TopicReplication;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.kafka.config.TopicBuilder;

@Configuration(proxyBeanMethods = false)
class StreamConfiguration {

    /** Created when missing, so the relay can assign its partitions before any worker ran. */
    @Bean
    NewTopic chatEventsTopic(TopicNames topics, StreamProperties properties, TopicReplication replication) {
        return replication
                .apply(TopicBuilder.name(topics.events()).partitions(properties.eventPartitions()))
                .build();
    }

    @Bean
    SubscriberRegistry subscriberRegistry(StreamProperties properties, MeterRegistry meters) {
        SubscriberRegistry registry = new SubscriberRegistry(properties.subscriberBuffer());
        Gauge.builder("chatrelay.gateway.stream.subscribers", registry, SubscriberRegistry::size)
                .description("Open SSE connections of this instance")
                .register(meters);
        return registry;
    }

    /**
     * The relay's loop; as a health indicator ({@code eventRelay}) it is DOWN while the relay is not reading. Starts
     * before the web server, so that normally no SSE connection is served before the relay reads events.
     */
    @Bean
    ConsumerLoop<Void, ByteBuffer> eventRelay(
            KafkaProperties kafka, TopicNames topics, StreamProperties properties, SubscriberRegistry registry) {
        Map<String, Object> consumerProperties = EventRelay.consumerProperties(kafka.buildConsumerProperties());
        return new ConsumerLoop<>(
                "chat-events-relay",
                () -> EventRelay.consumer(consumerProperties),
                new EventRelay(topics.events(), properties.pollTimeout(), registry),
                SmartLifecycle.DEFAULT_PHASE - 4096);
    }

    @Bean
    EventHistory eventHistory(ReactiveStringRedisTemplate redis, RedisKeys keys) {
        return new EventHistory(redis, keys);
    }

    @Bean
    RequestEnds requestEnds(SubscriberRegistry registry, EventHistory history) {
        return new RequestEnds(registry, history);
    }

    @Bean
    EventStream eventStream(SubscriberRegistry registry, EventHistory history, StreamProperties properties) {
        return new EventStream(registry, history, properties.heartbeat(), properties.silenceRecheck());
    }
}
