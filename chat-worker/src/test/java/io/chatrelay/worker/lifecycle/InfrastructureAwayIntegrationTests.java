package io.chatrelay.worker.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.ChatHeaders;
import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.naming.TopicNames;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.common.wire.EventType;
import io.chatrelay.testkit.LostReplyProxy;
import io.chatrelay.testkit.RealServices;
import io.chatrelay.testkit.RedisConnections;
import io.chatrelay.testkit.TestNames;
import io.chatrelay.worker.deadletter.DeadLetters;
import io.chatrelay.worker.journal.Journal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Requests meeting Kafka or Redis away: they wait, unacknowledged, and end once what they need is back. Real Redis
 * (directly, or behind a proxy that can black out) and a real broker; the dead letters' producer first points where
 * no broker listens, then at the real one.
 */
class InfrastructureAwayIntegrationTests {

    private final TestNames names = TestNames.unique();
    private final RedisKeys keys = names.redisKeys();
    private final TopicNames topics = names.topics();
    private LettuceConnectionFactory connections;
    private StringRedisTemplate redis;
    private DefaultKafkaProducerFactory<String, byte[]> events;
    private DefaultKafkaProducerFactory<String, byte[]> deadLetterProducers;
    private ChatProcessor processor;
    private final List<Journal> journals = new ArrayList<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void start() {
        connections = RedisConnections.toRealRedis();
        redis = new StringRedisTemplate(connections);
        events = new DefaultKafkaProducerFactory<>(producerConfig(RealServices.kafkaBootstrapServers()));
        // Nothing listens on port 1: a send gives up after max.block.ms.
        deadLetterProducers = new DefaultKafkaProducerFactory<>(producerConfig("127.0.0.1:1"));
        processor = processor(connections);
    }

    /** A processor on {@code connections}, with no engines: every request in these tests is dead-lettered. */
    private ChatProcessor processor(LettuceConnectionFactory connections) {
        Journal journal = new Journal(
                connections,
                keys,
                new KafkaTemplate<>(events),
                topics,
                names.of("worker"),
                Duration.ofSeconds(30),
                new Journal.Settings(Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofSeconds(5)));
        journals.add(journal);
        WorkerMetrics metrics = new WorkerMetrics(new SimpleMeterRegistry());
        Stopping stopping = new Stopping();
        CancelListener cancels = new CancelListener();
        DeadLettering deadLettering =
                new DeadLettering(new DeadLetters(new KafkaTemplate<>(deadLetterProducers), topics), metrics, stopping);
        TurnRunner turns = new TurnRunner(
                new CompanyProfiles(new StringRedisTemplate(connections), keys, Duration.ofMinutes(1)),
                Map.of(),
                cancels,
                metrics,
                deadLettering,
                stopping,
                new TurnRunner.Settings(Duration.ofMinutes(1), new Coalescing(Duration.ofMillis(50), 400, timers)));
        return new ChatProcessor(journal, turns, deadLettering, cancels, stopping);
    }

    @AfterEach
    void stop() {
        processor.abandonRunning();
        journals.forEach(Journal::close);
        timers.shutdownNow();
        events.destroy();
        deadLetterProducers.destroy();
        connections.destroy();
    }

    @Test
    void waitsForTheDeadLetterTopicBeforeEndingARequestThatCannotRun() {
        // No assistant profile for the company: a configuration failure, which goes to the dead-letter topic.
        ChatRequest request = aRequestOfACompanyWithoutProfile();

        CompletableFuture<Boolean> processed =
                CompletableFuture.supplyAsync(() -> processor.process(request, raw(request), origin(request)));

        // Each publish gives up within a second; the request is still not finished well after several have.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> !processed.isDone());
        assertThat(history(request)).doesNotContain(EventType.DEAD_LETTERED);

        deadLetterProducers.updateConfigs(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServices.kafkaBootstrapServers()));
        deadLetterProducers.reset();

        assertThat(processed).succeedsWithin(Duration.ofSeconds(60)).isEqualTo(true);
        assertThat(history(request)).endsWith(EventType.FAILED, EventType.DEAD_LETTERED);
        assertThat(deadLetteredRequestIds()).containsExactly(request.requestId());
    }

    @Test
    void waitsForRedisWhenItIsAwayInsteadOfAcknowledgingTheRequest() {
        deadLetterProducers.updateConfigs(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServices.kafkaBootstrapServers()));
        deadLetterProducers.reset();
        ChatRequest request = aRequestOfACompanyWithoutProfile();
        try (LostReplyProxy proxy = LostReplyProxy.start(
                RealServices.redis().host(), RealServices.redis().port())) {
            // Commands give up after half a second, as any would once Lettuce's timeout passed.
            LettuceConnectionFactory proxied = RedisConnections.to(
                    proxy.host(),
                    proxy.port(),
                    LettuceClientConfiguration.builder()
                            .commandTimeout(Duration.ofMillis(500))
                            .build());
            try {
                ChatProcessor overProxy = processor(proxied);
                proxy.blackOut();

                CompletableFuture<Boolean> processed =
                        CompletableFuture.supplyAsync(() -> overProxy.process(request, raw(request), origin(request)));

                await().during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> !processed.isDone());
                proxy.restore();

                assertThat(processed).succeedsWithin(Duration.ofSeconds(60)).isEqualTo(true);
                assertThat(history(request)).endsWith(EventType.FAILED, EventType.DEAD_LETTERED);
                assertThat(deadLetteredRequestIds()).containsExactly(request.requestId());
            } finally {
                proxied.destroy();
            }
        }
    }

    @Test
    void waitsForRedisRefusingWritesForAWhileInsteadOfDeadLetteringTheRecordAsItCame() {
        deadLetterProducers.updateConfigs(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServices.kafkaBootstrapServers()));
        deadLetterProducers.reset();
        ChatRequest request = aRequestOfACompanyWithoutProfile();
        String maxMemory = redis.execute((RedisCallback<Properties>)
                        connection -> connection.serverCommands().getConfig("maxmemory"))
                .getProperty("maxmemory");
        // Every write is refused with OOM while used memory is above the limit, as on a full Redis.
        setMaxMemory("1");
        CompletableFuture<Boolean> processed;
        try {
            processed = CompletableFuture.supplyAsync(() -> processor.process(request, raw(request), origin(request)));

            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> !processed.isDone());
        } finally {
            setMaxMemory(maxMemory);
        }

        assertThat(processed).succeedsWithin(Duration.ofSeconds(60)).isEqualTo(true);
        assertThat(history(request)).endsWith(EventType.FAILED, EventType.DEAD_LETTERED);
        assertThat(deadLetteredRequestIds()).containsExactly(request.requestId());
    }

    private void setMaxMemory(String bytes) {
        redis.execute((RedisCallback<Void>) connection -> {
            connection.serverCommands().setConfig("maxmemory", bytes);
            return null;
        });
    }

    private ChatRequest aRequestOfACompanyWithoutProfile() {
        return ChatRequest.of(names.of("req"), names.of("cnv"), names.of("nobody"), "hello", Map.of(), Instant.now());
    }

    private static byte[] raw(ChatRequest request) {
        return ChatCodec.instance().toBytes(request);
    }

    private DeadLetters.Origin origin(ChatRequest request) {
        return new DeadLetters.Origin(topics.requests(), 0, 7, request.conversationId(), request.requestId(), 0, null);
    }

    private Map<String, Object> producerConfig(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 300);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    private List<EventType> history(ChatRequest request) {
        return redis.opsForStream().range(keys.eventHistory(request.requestId()), Range.unbounded()).stream()
                .map(entry -> ChatCodec.instance()
                        .readEvent(entry.getValue()
                                .get(RequestStateFields.HISTORY_EVENT)
                                .toString())
                        .type())
                .toList();
    }

    private List<String> deadLetteredRequestIds() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServices.kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            TopicPartition partition = new TopicPartition(topics.deadLetters(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<String> ids = new ArrayList<>();
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    ids.add(new String(
                            record.headers().lastHeader(ChatHeaders.REQUEST_ID).value(), StandardCharsets.UTF_8));
                }
            }
            return ids;
        }
    }
}
