package io.chatrelay.worker.lifecycle;

import io.chatrelay.common.naming.NamingProperties;
import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.TopicNames;
import io.chatrelay.common.wire.Engine;
import io.chatrelay.worker.WorkerProperties;
import io.chatrelay.worker.deadletter.DeadLetters;
import io.chatrelay.worker.engine.ChatEngine;
import io.chatrelay.worker.journal.Journal;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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

/** Names, the event and dead-letter producer, the journal, and the request processor with its parts. */
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
        // A lone event waits at most a millisecond; under load the records that arrive while earlier requests are in
        // flight to the broker are batched anyway, so the broker sees fewer, larger requests as the rate grows.
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 1);
        // The event feed sends from one thread: a send blocks only while the topic's metadata is missing, and must not
        // hold up every other request's events for a minute. The history holds an event Kafka did not take.
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        // No observation per record: the request's traceparent header is copied onto its events by hand.
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
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
    CompanyProfiles companyProfiles(StringRedisTemplate redis, RedisKeys redisKeys, WorkerProperties worker) {
        return new CompanyProfiles(redis, redisKeys, worker.profileMaxAge());
    }

    @Bean
    RedisMessageListenerContainer workerChannels(
            RedisConnectionFactory connections,
            CancelListener cancelListener,
            CompanyProfiles companyProfiles,
            RedisKeys redisKeys) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        container.addMessageListener(cancelListener, new ChannelTopic(redisKeys.cancelChannel()));
        container.addMessageListener(companyProfiles, new ChannelTopic(redisKeys.profileChannel()));
        return container;
    }

    /** This worker's journal, with the lease keeper and the event feed (stopped with the context). */
    @Bean(destroyMethod = "close")
    Journal journal(
            RedisConnectionFactory connections,
            RedisKeys redisKeys,
            KafkaTemplate<String, byte[]> chatKafkaTemplate,
            TopicNames topicNames,
            WorkerProperties worker) {
        // Unique to this run of the worker: one restarted under the same name must not take its old leases for its own.
        String owner = (worker.instanceId().isEmpty() ? "worker" : worker.instanceId()) + "-" + UUID.randomUUID();
        return new Journal(
                connections,
                redisKeys,
                chatKafkaTemplate,
                topicNames,
                owner,
                worker.leaseTtl(),
                new Journal.Settings(worker.historyTtl(), worker.writeTimeout(), Duration.ofSeconds(30)));
    }

    /** Run deadlines and delta flushes of every turn: one platform thread, so a timer never waits for a carrier. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService turnTimers() {
        return Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("turn-timers").factory());
    }

    @Bean
    ChatProcessor chatProcessor(
            Journal journal,
            CompanyProfiles companyProfiles,
            Map<Engine, ChatEngine> engines,
            CancelListener cancelListener,
            DeadLetters deadLetters,
            WorkerMetrics workerMetrics,
            ScheduledExecutorService turnTimers,
            WorkerProperties worker) {
        Stopping stopping = new Stopping();
        DeadLettering deadLettering = new DeadLettering(deadLetters, workerMetrics, stopping);
        TurnRunner turns = new TurnRunner(
                companyProfiles,
                engines,
                cancelListener,
                workerMetrics,
                deadLettering,
                stopping,
                new TurnRunner.Settings(
                        worker.runTimeout(),
                        new Coalescing(worker.deltaInterval(), worker.deltaMaxChars(), turnTimers)));
        return new ChatProcessor(journal, turns, deadLettering, cancelListener, stopping);
    }
}
