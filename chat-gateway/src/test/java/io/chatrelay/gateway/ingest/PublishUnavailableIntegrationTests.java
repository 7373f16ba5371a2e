package io.chatrelay.gateway.ingest;

import static io.chatrelay.gateway.support.GatewayFixtures.aChatBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.wire.AssistantProfile;
import io.chatrelay.gateway.GatewayApplication;
import io.chatrelay.testkit.FreePorts;
import io.chatrelay.testkit.RealServices;
import io.chatrelay.testkit.RealServicesExtension;
import io.chatrelay.testkit.TestNames;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A gateway whose producer cannot reach any broker: nothing is acknowledged, so nothing may be accepted. */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(RealServicesExtension.class)
class PublishUnavailableIntegrationTests {

    private static final TestNames NAMES = TestNames.unique();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void unreachableBroker(DynamicPropertyRegistry registry) {
        RealServices.register(registry);
        // The producer alone points at a port where no broker listens; the relay still reads the real one.
        registry.add("spring.kafka.producer.bootstrap-servers", () -> "localhost:" + FreePorts.next());
        registry.add("spring.kafka.producer.properties.max.block.ms", () -> 1000);
        registry.add("spring.kafka.producer.properties.delivery.timeout.ms", () -> 1500);
        registry.add("spring.kafka.producer.properties.request.timeout.ms", () -> 1000);
        registry.add("chatrelay.naming.topic-prefix", NAMES::topicPrefix);
        registry.add("chatrelay.naming.redis-prefix", NAMES::redisPrefix);
        registry.add("chatrelay.gateway.ingest.request-partitions", () -> 1);
        registry.add("chatrelay.gateway.stream.event-partitions", () -> 1);
    }

    @Test
    void answers503AndKeepsNoStateWhenKafkaDoesNotAcknowledge() {
        String company = NAMES.of("initech").toLowerCase();
        RedisClient client = RedisClient.create(RealServices.redis().uri());
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            registerCompany(redis, company);

            post(null, aChatBody(company, "hello"))
                    .expectStatus()
                    .isEqualTo(503)
                    .expectHeader()
                    .exists(HttpHeaders.RETRY_AFTER)
                    .expectBody()
                    .jsonPath("$.error.code")
                    .isEqualTo("unavailable");

            assertThat(redis.sync().keys(NAMES.redisPrefix() + "request:*")).isEmpty();

            // A retry with the same Idempotency-Key must be able to succeed later: the key is freed, too.
            post("retry-me", aChatBody(company, "hello again")).expectStatus().isEqualTo(503);
            assertThat(redis.sync().keys(NAMES.redisPrefix() + "company:*:idempotency:*"))
                    .isEmpty();
            assertThat(redis.sync().keys(NAMES.redisPrefix() + "request:*")).isEmpty();
        } finally {
            client.shutdown();
        }
    }

    @Test
    void answers409ToARetryWithTheSameIdempotencyKeyWhileTheFirstCallStillWaitsForKafka() throws Exception {
        String company = NAMES.of("globex").toLowerCase();
        String key = NAMES.of("retry-while-waiting");
        String body = aChatBody(company, "hello");
        RedisClient client = RedisClient.create(RealServices.redis().uri());
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            registerCompany(redis, company);
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() ->
                    post(key, body).expectBody().returnResult().getStatus().value());
            // The first call's claim is written; its publish now waits for a broker that is not there.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> redis.sync().exists(NAMES.redisKeys().idempotency(company, key)) == 1);

            post(key, body)
                    .expectStatus()
                    .isEqualTo(409)
                    .expectHeader()
                    .exists(HttpHeaders.RETRY_AFTER)
                    .expectBody()
                    .jsonPath("$.error.code")
                    .isEqualTo("idempotency_key_pending");

            assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(503);
            assertThat(redis.sync().exists(NAMES.redisKeys().idempotency(company, key)))
                    .isZero();
        } finally {
            client.shutdown();
        }
    }

    private static void registerCompany(StatefulRedisConnection<String, String> redis, String company) {
        redis.sync()
                .set(
                        NAMES.redisKeys().companyProfile(company),
                        ChatCodec.instance().toJson(AssistantProfile.assistants("asst_1")));
    }

    /** A chat POST, with {@code key} as its Idempotency-Key unless null. */
    private WebTestClient.ResponseSpec post(String key, String body) {
        WebTestClient.RequestBodySpec request = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build()
                .post()
                .uri("/v1/chats")
                .contentType(MediaType.APPLICATION_JSON);
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.bodyValue(body).exchange();
    }
}
