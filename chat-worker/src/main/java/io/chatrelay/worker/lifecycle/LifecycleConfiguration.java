package io.chatrelay.worker.lifecycle;

import io.chatrelay.common.naming.NamingProperties;
import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.TopicNames;
import io.chatrelay.common.wire.Engine;
import io.chatrelay.worker.WorkerProperties;
import io.chatrelay.worker.deadletter.DeadLetters;
import io.chatrelay.worker.engine.ChatEngine;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/** Names, the event and dead-letter producers, and the request processor with its Redis parts. */
@Configuration(proxyBeanMethods = false)
class LifecycleConfiguration {

    @Bean
    TopicNames topicNames(NamingProperties naming) {
        return naming.topics();
    }

    @Bean
    RedisKeys redisKeys(NamingProperties naming) {
        return naming.redisKeys();
    }

    @Bean
    KafkaTemplate<String, byte[]> chatKafkaTemplate(KafkaProperties kafka) {
        Map<String, Object> config = kafka.buildProducerProperties();
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // Events and dead letters must not be lost or duplicated by producer retries.
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // A few milliseconds of batching: many requests emit at once; a lone event waits at most this long.
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 2);
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
        // Each event and dead letter carries the trace of the request it belongs to (W3C traceparent header).
        template.setObservationEnabled(true);
        return template;
    }

    @Bean
    DeadLetters deadLetters(KafkaTemplate<String, byte[]> chatKafkaTemplate, TopicNames topicNames) {
        return new DeadLetters(chatKafkaTemplate, topicNames);
    }

    @Bean
    WorkerMetrics workerMetrics(MeterRegistry registry) {
        return new WorkerMetrics(registry);
    }

    @Bean
    CancelListener cancelListener() {
        return new CancelListener();
    }

    @Bean
    RedisMessageListenerContainer cancelChannel(
            RedisConnectionFactory connections, CancelListener cancelListener, RedisKeys redisKeys) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        container.addMessageListener(cancelListener, new ChannelTopic(redisKeys.cancelChannel()));
        return container;
    }

    /** This worker's request leases, with the thread that keeps them (stopped with the context). */
    @Bean
    Lease lease(StringRedisTemplate redis, RedisKeys redisKeys, WorkerProperties worker) {
        // Unique to this run of the worker: one restarted under the same name must not take its old leases for its own.
        String owner = (worker.instanceId().isEmpty() ? "worker" : worker.instanceId()) + "-" + UUID.randomUUID();
        return new Lease(redis, redisKeys, owner, worker.leaseTtl());
    }

    @Bean
    ChatProcessor chatProcessor(
            StringRedisTemplate redis,
            RedisKeys redisKeys,
            Lease lease,
            TopicNames topicNames,
            KafkaTemplate<String, byte[]> chatKafkaTemplate,
            CancelListener cancelListener,
            Map<Engine, ChatEngine> engines,
            DeadLetters deadLetters,
            WorkerMetrics workerMetrics,
            WorkerProperties worker) {
        return new ChatProcessor(
                redis,
                redisKeys,
                new RequestStore(redis, redisKeys, lease, worker.historyTtl()),
                new EventSink(redis, chatKafkaTemplate, redisKeys, lease, topicNames, worker.historyTtl()),
                lease,
                cancelListener,
                engines,
                deadLetters,
                workerMetrics,
                new ChatProcessor.Settings(worker.runTimeout(), worker.deltaInterval()));
    }
}
