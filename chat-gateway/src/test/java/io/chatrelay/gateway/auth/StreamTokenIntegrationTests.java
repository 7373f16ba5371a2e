package io.chatrelay.gateway.auth;

import static io.chatrelay.gateway.support.GatewayFixtures.aChatBody;
import static io.chatrelay.gateway.support.GatewayFixtures.aWorkersRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.gateway.support.SseClient;
import io.chatrelay.gateway.support.TenantIntegrationTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The stream token of a 202 opens that request's events without an API key, as a browser's EventSource needs. */
class StreamTokenIntegrationTests extends TenantIntegrationTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    @Test
    void theStreamTokenOfA202OpensItsRequestsEventsWithoutAKey() {
        Tenant tenant = aTenant();
        Accepted accepted = accept(tenant);
        assertThat(accepted.streamToken()).startsWith(tenant.slug() + ".");

        try (SseClient client = SseClient.open(eventsUrl(accepted.requestId()) + "?token=" + accepted.streamToken())) {
            await().atMost(BOUND).until(() -> client.ids().contains("0"));
            aWorkersRun(accepted.requestId(), accepted.conversationId()).forEach(worker::emit);

            await().atMost(BOUND).until(client::completed);
            assertThat(client.failure()).isNull();
            assertThat(client.ids()).containsExactly("0", "1", "2", "3", "4", "5");
        }
    }

    @Test
    void refusesAForgedStreamToken() {
        Tenant tenant = aTenant();
        Accepted accepted = accept(tenant);
        String signedElsewhere = new StreamTokens(
                        "not-the-gateways-secret-but-long-enough", Duration.ofMinutes(10), Clock.systemUTC())
                .mint(accepted.requestId(), tenant.slug());
        String tampered =
                accepted.streamToken().substring(0, accepted.streamToken().length() - 2) + "AA";

        for (String forged : new String[] {signedElsewhere, tampered, "garbage"}) {
            String body = events(accepted.requestId(), forged)
                    .expectStatus()
                    .isUnauthorized()
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(body).contains("invalid_stream_token").doesNotContain(forged);
        }
    }

    @Test
    void refusesAnExpiredStreamToken() {
        Tenant tenant = aTenant();
        Accepted accepted = accept(tenant);
        // Signed with the gateway's own secret, an hour ago: genuine, and past its ten minutes.
        Clock anHourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
        String expired = new StreamTokens(STREAM_TOKEN_SECRET, Duration.ofMinutes(10), anHourAgo)
                .mint(accepted.requestId(), tenant.slug());

        events(accepted.requestId(), expired)
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.error.code")
                .isEqualTo("stream_token_expired");
    }

    @Test
    void refusesTheStreamTokenOfAnotherRequest() {
        Tenant a = aTenant();
        Tenant b = aTenant();
        Accepted first = accept(a);
        Accepted second = accept(a);
        Accepted ofB = accept(b);

        for (String requestId : new String[] {second.requestId(), ofB.requestId()}) {
            events(requestId, first.streamToken())
                    .expectStatus()
                    .isUnauthorized()
                    .expectBody()
                    .jsonPath("$.error.code")
                    .isEqualTo("invalid_stream_token");
        }
    }

    @Test
    void aStreamTokenOpensNothingButTheEvents() {
        Tenant tenant = aTenant();
        Accepted accepted = accept(tenant);

        http().get()
                .uri("/v1/chats/{id}?token={token}", accepted.requestId(), accepted.streamToken())
                .exchange()
                .expectStatus()
                .isUnauthorized();
        http().post()
                .uri("/v1/chats/{id}/cancel?token={token}", accepted.requestId(), accepted.streamToken())
                .exchange()
                .expectStatus()
                .isUnauthorized();
        assertThat(worker.redis().exists(keys().cancelFlag(accepted.requestId())))
                .isZero();
    }

    private WebTestClient.ResponseSpec events(String requestId, String token) {
        return http().get()
                .uri("/v1/chats/{id}/events?token={token}", requestId, token)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange();
    }

    private Accepted accept(Tenant tenant) {
        Map<?, ?> body = as(tenant)
                .post()
                .uri("/v1/chats")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(aChatBody(tenant.slug(), "Where is my order?"))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return new Accepted(
                (String) body.get("requestId"), (String) body.get("conversationId"), (String) body.get("streamToken"));
    }

    private String eventsUrl(String requestId) {
        return baseUrl() + "/v1/chats/" + requestId + "/events";
    }

    private record Accepted(String requestId, String conversationId, String streamToken) {}
}
