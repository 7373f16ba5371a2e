package io.chatrelay.gateway.ingest;

import static io.chatrelay.gateway.support.GatewayFixtures.aChatBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.ChatHeaders;
import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.AssistantProfile;
import io.chatrelay.gateway.GatewayApplication;
import io.chatrelay.testkit.RealServices;
import io.chatrelay.testkit.RealServicesExtension;
import io.chatrelay.testkit.TestNames;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A gateway that stops waiting for Kafka's acknowledgement before it comes: the producer holds each record half a
 * second before sending it, and the gateway waits a tenth of that. The record reaches Kafka all the same, which is why
 * such a request must be kept, and a retry with its {@code Idempotency-Key} must send the same request, not a new one.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(RealServicesExtension.class)
class UnconfirmedPublishIntegrationTests {

    private static final TestNames NAMES = TestNames.unique();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void lateAcknowledgements(DynamicPropertyRegistry registry) {
        RealServices.register(registry);
        registry.add("spring.kafka.producer.properties.linger.ms", () -> 500);
        registry.add("chatrelay.gateway.ingest.publish-timeout", () -> "100ms");
        registry.add("chatrelay.naming.topic-prefix", NAMES::topicPrefix);
        registry.add("chatrelay.naming.redis-prefix", NAMES::redisPrefix);
        registry.add("chatrelay.gateway.ingest.request-partitions", () -> 1);
        registry.add("chatrelay.gateway.stream.event-partitions", () -> 1);
    }

    @Test
    void keepsARequestKafkaDidNotConfirmInTimeAndSendsTheSameOneOnARetryWithItsKey() {
        String company = NAMES.of("hooli").toLowerCase();
        String key = NAMES.of("unconfirmed");
        String body = aChatBody(company, "hello");
        RedisClient client = RedisClient.create(RealServices.redis().uri());
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            redis.sync()
                    .set(
                            NAMES.redisKeys().companyProfile(company),
                            ChatCodec.instance().toJson(AssistantProfile.assistants("asst_1")));

            String requestId = unconfirmed(post(key, body));

            assertThat(redis.sync().hget(NAMES.redisKeys().requestState(requestId), RequestStateFields.STATUS))
                    .as("the request is kept")
                    .isEqualTo("accepted");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> requestIdsInKafka().contains(requestId));
            // A retry: the same request again (a worker runs it once), not a second one.
            assertThat(unconfirmed(post(key, body))).isEqualTo(requestId);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> requestIdsInKafka().size() == 2);
            assertThat(requestIdsInKafka()).containsOnly(requestId);
            assertThat(redis.sync().keys(NAMES.redisPrefix() + "request:*:events"))
                    .as("one request")
                    .hasSize(1);
        } finally {
            client.shutdown();
        }
    }

    /** The request id of a 503 {@code publish_unconfirmed}. */
    private static String unconfirmed(WebTestClient.ResponseSpec answer) {
        Map<?, ?> error = (Map<?, ?>) answer.expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .exists(HttpHeaders.RETRY_AFTER)
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("error");
        assertThat(error.get("code")).isEqualTo("publish_unconfirmed");
        return (String) error.get("requestId");
    }

    private static List<String> requestIdsInKafka() {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServices.kafkaBootstrapServers()),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(NAMES.topics().requests()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<String> ids = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    ids.add(new String(
                            record.headers().lastHeader(ChatHeaders.REQUEST_ID).value(), StandardCharsets.UTF_8));
                }
            }
            return ids;
        }
    }

    /** A chat POST with {@code key} as its Idempotency-Key. */
    private WebTestClient.ResponseSpec post(String key, String body) {
        return WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build()
                .post()
                .uri("/v1/chats")
                .contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", key)
                .bodyValue(body)
                .exchange();
    }
}
