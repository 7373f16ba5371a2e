package io.chatrelay.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.naming.TopicNames;
import io.chatrelay.common.wire.AssistantProfile;
import io.chatrelay.testkit.LostReplyProxy;
import io.chatrelay.testkit.RealServices;
import io.chatrelay.testkit.RedisConnections;
import io.chatrelay.testkit.TestNames;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Accepting a chat when Redis ran a command but its answer was lost: the Redis client sends the command again after
 * reconnecting (as it does when Redis restarts between executing and answering). Real Redis behind a proxy that
 * loses one answer, real Kafka.
 */
class LostRedisReplyIntegrationTests {

    private final TestNames names = TestNames.unique();
    private final RedisKeys keys = names.redisKeys();
    private final TopicNames topics = names.topics();
    private final String company = names.of("acme").toLowerCase();
    private LostReplyProxy proxy;
    private LettuceConnectionFactory proxied;
    private LettuceConnectionFactory direct;
    private StringRedisTemplate redis;
    private DefaultKafkaProducerFactory<String, byte[]> producers;
    private ChatIntake intake;

    @BeforeEach
    void start() {
        proxy = LostReplyProxy.start(
                RealServices.redis().host(), RealServices.redis().port());
        proxied = RedisConnections.to(proxy.host(), proxy.port());
        direct = RedisConnections.toRealRedis();
        redis = new StringRedisTemplate(direct);
        redis.opsForValue()
                .set(
                        keys.companyProfile(company),
                        ChatCodec.instance().toJson(AssistantProfile.responses("gpt-4o", "Be brief.")));
        producers = new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                RealServices.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class));
        ReactiveStringRedisTemplate reactive = new ReactiveStringRedisTemplate(proxied);
        Duration ttl = Duration.ofMinutes(5);
        intake = new ChatIntake(
                new AcceptScript(reactive, keys, ttl, new RateLimitProperties(true, 200, 100)),
                new RequestLedger(reactive, keys, ttl),
                new RequestPublisher(
                        new KafkaTemplate<>(producers), topics, Duration.ofSeconds(30), Propagator.NOOP, () -> false),
                Clock.systemUTC());
        // Loads the accept scripts, so that the answer lost later is the answer of a command Redis ran.
        intake.accept(new ChatSubmission(company, "warm-up", null, Map.of())).block(Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        producers.destroy();
        proxied.destroy();
        direct.destroy();
        proxy.close();
    }

    @Test
    void recordsARequestOnceWhenTheAnswerToItsRecordingWasLost() {
        String conversation = names.of("cnv");

        proxy.loseNextReply();
        var request = intake.accept(new ChatSubmission(company, "hello", conversation, Map.of()))
                .block(Duration.ofSeconds(60));

        assertThat(proxy.repliesLost()).isEqualTo(1);
        assertThat(redis.opsForList().range(keys.conversationRequests(conversation), 0, -1))
                .containsExactly(request.requestId());
        assertThat(redis.opsForStream().size(keys.eventHistory(request.requestId())))
                .isEqualTo(1);
        assertThat(published()).containsExactly(request.requestId());
    }

    @Test
    void acceptsAndPublishesARequestWhoseIdempotencyClaimWasSentTwice() {
        proxy.loseNextReply();
        var accepted = intake.accept(new ChatSubmission(company, "hello", null, Map.of()), "key-1", "{\"body\":1}")
                .block(Duration.ofSeconds(60));

        assertThat(proxy.repliesLost()).isEqualTo(1);
        assertThat(redis.opsForHash().get(keys.requestState(accepted.requestId()), RequestStateFields.STATUS))
                .isEqualTo("accepted");
        assertThat(published()).contains(accepted.requestId());

        var again = intake.accept(new ChatSubmission(company, "hello", null, Map.of()), "key-1", "{\"body\":1}")
                .block(Duration.ofSeconds(60));
        assertThat(again).isEqualTo(accepted);
    }

    /** The request ids on this test's request topic, but the warm-up's. */
    private List<String> published() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                RealServices.kafkaBootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.requests()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<String> ids = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String id = ChatCodec.instance().readRequest(record.value()).requestId();
                    if (!"warm-up".equals(redis.opsForHash().get(keys.requestState(id), RequestStateFields.MESSAGE))) {
                        ids.add(id);
                    }
                }
            }
            return ids;
        }
    }
}
