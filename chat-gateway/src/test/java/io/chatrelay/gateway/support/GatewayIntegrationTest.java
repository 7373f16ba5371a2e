package io.chatrelay.gateway.support;

import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.TopicNames;
import io.chatrelay.gateway.GatewayApplication;
import io.chatrelay.testkit.RealServices;
import io.chatrelay.testkit.RealServicesExtension;
import io.chatrelay.testkit.TestNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of the gateway's integration tests: one shared gateway context on a random port, against the JVM's real
 * broker and Redis, with topic and key prefixes no other test module uses. Tests isolate themselves from each other
 * by company slug and request id.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(RealServicesExtension.class)
public abstract class GatewayIntegrationTest {

    protected static final TestNames NAMES = TestNames.unique();

    protected static WorkerDouble worker;

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void realServices(DynamicPropertyRegistry registry) {
        RealServices.register(registry);
        registry.add("chatrelay.naming.topic-prefix", NAMES::topicPrefix);
        registry.add("chatrelay.naming.redis-prefix", NAMES::redisPrefix);
        registry.add("chatrelay.gateway.ingest.request-partitions", () -> 2);
        registry.add("chatrelay.gateway.stream.event-partitions", () -> 2);
        registry.add("chatrelay.gateway.stream.silence-recheck", () -> "1s");
        // Low enough for a test to reach; every test uses its own company, so they do not share a bucket.
        registry.add("chatrelay.gateway.rate-limit.burst", () -> 12);
        registry.add("chatrelay.gateway.rate-limit.per-second", () -> 0.5);
    }

    @BeforeAll
    static void startWorkerDouble() {
        worker = new WorkerDouble(topics(), keys());
    }

    @AfterAll
    static void stopWorkerDouble() {
        worker.close();
    }

    protected static TopicNames topics() {
        return NAMES.topics();
    }

    protected static RedisKeys keys() {
        return NAMES.redisKeys();
    }

    /** Expects the JSON 406 of an {@code Accept} header that admits none of the operation's answers. */
    protected static WebTestClient.BodyContentSpec expectNotAcceptable(WebTestClient.ResponseSpec answer) {
        return answer.expectStatus()
                .isEqualTo(406)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.error.code")
                .isEqualTo("not_acceptable")
                .jsonPath("$.error.field")
                .isEqualTo("Accept");
    }

    /** The OpenAPI document the gateway serves. */
    protected String apiDocs() {
        return getText("/v3/api-docs");
    }

    /** The body of a {@code GET} of {@code uri}, which must answer 200. */
    protected String getText(String uri) {
        return http().get()
                .uri(uri)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    protected WebTestClient http() {
        return WebTestClient.bindToServer()
                .responseTimeout(GatewayFixtures.RESPONSE_TIMEOUT)
                .baseUrl("http://localhost:" + port)
                .build();
    }

    protected String baseUrl() {
        return "http://localhost:" + port;
    }
}
