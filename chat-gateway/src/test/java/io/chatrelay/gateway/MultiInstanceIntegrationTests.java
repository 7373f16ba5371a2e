package io.chatrelay.gateway;

import static io.chatrelay.gateway.support.GatewayFixtures.aChatBody;
import static io.chatrelay.gateway.support.GatewayFixtures.aLongRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.gateway.support.GatewayInstance;
import io.chatrelay.gateway.support.SseClient;
import io.chatrelay.gateway.support.WorkerDouble;
import io.chatrelay.testkit.RealServices;
import io.chatrelay.testkit.RealServicesExtension;
import io.chatrelay.testkit.TestNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/**
 * Two gateway instances of one deployment (two application contexts in this JVM, the same broker, Redis and prefixes):
 * what one accepts, the other relays, and a company's rate limit is one budget across both.
 */
@ExtendWith(RealServicesExtension.class)
@Tag(RealServices.REDIS_HEAVY)
class MultiInstanceIntegrationTests {

    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final TestNames NAMES = TestNames.unique();

    /** A small bucket that refills by one token in 20 s, so that no token comes back while a test runs. */
    private static final int BURST = 4;

    private static GatewayInstance a;
    private static GatewayInstance b;
    private static WorkerDouble worker;

    @BeforeAll
    static void twoInstances() {
        Map<String, Object> settings =
                Map.of("chatrelay.gateway.rate-limit.burst", BURST, "chatrelay.gateway.rate-limit.per-second", 0.05);
        a = GatewayInstance.start(NAMES, settings);
        b = GatewayInstance.start(NAMES, settings);
        worker = new WorkerDouble(NAMES.topics(), NAMES.redisKeys());
    }

    @AfterAll
    static void stop() {
        worker.close();
        b.close();
        a.close();
    }

    @Test
    void aSubscriberOnOneInstanceGetsEveryEventOfAChatPostedOnTheOtherInOrderExactlyOnce() {
        String company = aCompany();
        Map<?, ?> accepted = b.http()
                .post()
                .uri("/v1/chats")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(aChatBody(company, "Where is my order?"))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        String requestId = (String) accepted.get("requestId");
        List<ChatEvent> run = aLongRun(requestId, (String) accepted.get("conversationId"), 100);

        // Some events are only in the history when the subscriber connects, some arrive while it is replaying the
        // history, the rest live: each must reach it once, in order, wherever the boundary falls.
        run.subList(0, 10).forEach(worker::emit);
        try (SseClient onA = SseClient.open(a.baseUrl() + "/v1/chats/" + requestId + "/events")) {
            run.subList(10, run.size()).forEach(worker::emit);

            await().atMost(BOUND).until(onA::completed);
            assertThat(onA.failure()).isNull();
            assertThat(onA.ids())
                    .containsExactlyElementsOf(LongStream.rangeClosed(0, run.size())
                            .mapToObj(Long::toString)
                            .toList());
            assertThat(onA.types().getFirst()).isEqualTo("accepted");
            assertThat(onA.types().getLast()).isEqualTo("completed");
            assertThat(onA.events().getLast().data()).contains("part 1 part 2 ").contains("part 100 ");
        }
    }

    @Test
    void aCompanysRateLimitIsOneBudgetSharedByTheInstances() {
        String company = aCompany();
        List<Integer> statuses = new ArrayList<>();
        List<String> retryAfters = new ArrayList<>();
        for (int i = 0; i < 2 * BURST; i++) {
            GatewayInstance instance = i % 2 == 0 ? a : b;
            EntityExchangeResult<byte[]> answer = instance.http()
                    .post()
                    .uri("/v1/chats")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(aChatBody(company, "message " + i))
                    .exchange()
                    .expectBody()
                    .returnResult();
            statuses.add(answer.getStatus().value());
            if (answer.getStatus().value() == 429) {
                retryAfters.add(answer.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER));
                assertThat(new String(answer.getResponseBodyContent())).contains("\"code\":\"rate_limited\"");
            }
        }

        List<Integer> expected = new ArrayList<>(Collections.nCopies(BURST, 202));
        expected.addAll(Collections.nCopies(BURST, 429));
        assertThat(statuses).isEqualTo(expected);
        assertThat(retryAfters)
                .hasSize(BURST)
                .allSatisfy(retryAfter -> assertThat(Long.parseLong(retryAfter)).isPositive());
    }

    private static String aCompany() {
        String company = TestNames.unique().id().toLowerCase();
        worker.registerCompany(company);
        return company;
    }
}
