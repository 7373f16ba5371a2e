package io.chatrelay.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RealServicesExtension.class)
class RealServicesIntegrationTests {

    private final TestNames names = TestNames.unique();

    @Test
    void recordTravelsThroughTheBrokerWithHeadersIntact() {
        String topic = names.topics().requests();
        ProducerRecord<String, String> sent = new ProducerRecord<>(topic, "conv-1", "{\"message\":\"hi\"}");
        sent.headers().add("chatrelay-request-id", "req-1".getBytes(StandardCharsets.UTF_8));
        sent.headers().add("traceparent", "00-abc-def-01".getBytes(StandardCharsets.UTF_8));

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                RealServices.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class))) {
            producer.send(sent).get();
        } catch (Exception e) {
            throw new AssertionError("publish failed", e);
        }

        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                RealServices.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                names.of("group"),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
        }

        assertThat(received).hasSize(1);
        ConsumerRecord<String, String> record = received.getFirst();
        assertThat(record.key()).isEqualTo("conv-1");
        assertThat(record.value()).isEqualTo("{\"message\":\"hi\"}");
        assertThat(headerValue(record, "chatrelay-request-id")).isEqualTo("req-1");
        assertThat(headerValue(record, "traceparent")).isEqualTo("00-abc-def-01");
    }

    @Test
    void redisStreamIsWrittenAndReadBack() {
        String key = names.redisKeys().eventHistory("req-1");
        RedisClient client = RedisClient.create(RealServices.redis().uri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            redis.xadd(key, Map.of("seq", "0", "type", "accepted"));
            redis.xadd(key, Map.of("seq", "1", "type", "queued"));

            List<StreamMessage<String, String>> read = redis.xread(XReadArgs.StreamOffset.from(key, "0-0"));

            assertThat(read).extracting(m -> m.getBody().get("type")).containsExactly("accepted", "queued");
            assertThat(redis.info("server")).contains("redis_version:");
        } finally {
            client.shutdown();
        }
    }

    private static String headerValue(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
