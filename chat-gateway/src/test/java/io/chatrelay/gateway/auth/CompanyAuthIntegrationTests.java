package io.chatrelay.gateway.auth;

import static io.chatrelay.gateway.support.GatewayFixtures.aChatBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.gateway.support.SseClient;
import io.chatrelay.gateway.support.TenantIntegrationTest;
import io.chatrelay.testkit.RealServices;
import io.lettuce.core.Range;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@ExtendWith(OutputCaptureExtension.class)
@Tag(RealServices.REDIS_HEAVY)
class CompanyAuthIntegrationTests extends TenantIntegrationTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    @Test
    void answers401WithoutOrWithAnUnknownApiKeyAndAcceptsNothing() {
        Tenant tenant = aTenant();
        String conversationId = NAMES.of("conv-no-key");
        String unknownKey = "crk_unknown_" + tenant.slug();

        http().post()
                .uri("/v1/chats")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(aChatBody(tenant.slug(), "hi", conversationId))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .expectBody()
                .jsonPath("$.error.code")
                .isEqualTo("missing_credentials");
        String body = withBearer(unknownKey)
                .post()
                .uri("/v1/chats")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(aChatBody(tenant.slug(), "hi", conversationId))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        http().get().uri("/v1/chats/req_any").exchange().expectStatus().isUnauthorized();
        http().post()
                .uri("/api/chat")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(aChatBody(tenant.slug(), "hi"))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .json("{\"error\":\"An API key is required: Authorization: Bearer <key>\"}", true);

        assertThat(body).contains("invalid_api_key").doesNotContain(unknownKey);
        assertThat(worker.redis().exists(keys().conversationRequests(conversationId)))
                .isZero();
    }

    @Test
    void aKeyFromTheAdminApiWorksUntilItIsRevoked() {
        Tenant tenant = aTenant();
        String requestId = accept(tenant);
        as(tenant)
                .get()
                .uri("/v1/chats/{id}", requestId)
                .exchange()
                .expectStatus()
                .isOk();
        String keyId = keyIdOf(tenant);

        admin().delete()
                .uri("/admin/companies/{slug}/keys/{id}", tenant.slug(), keyId)
                .exchange()
                .expectStatus()
                .isNoContent();

        post(as(tenant), aChatBody(tenant.slug(), "still there?"))
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.error.code")
                .isEqualTo("invalid_api_key");
        as(tenant)
                .get()
                .uri("/v1/chats/{id}", requestId)
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void aKeyRevokedThroughTheAdminApiIsRefusedWithinASecondEvenRightAfterItWasUsed() {
        Tenant tenant = aTenant();
        accept(tenant);

        admin().delete()
                .uri("/admin/companies/{slug}/keys/{id}", tenant.slug(), keyIdOf(tenant))
                .exchange()
                .expectStatus()
                .isNoContent();

        expectRefusedWithin(Duration.ofSeconds(2), tenant);
    }

    @Test
    void aKeyRemovedFromRedisByAnotherGatewayIsRefusedOnceTheCacheTtlPassed() {
        Tenant tenant = aTenant();
        accept(tenant);

        // What another instance's revoke leaves in Redis; this instance hears nothing of it.
        worker.redis().hdel(keys().apiKeys(), sha256(tenant.key()));

        expectRefusedWithin(Duration.ofSeconds(3), tenant);
    }

    @Test
    void answers403WhenTheBodyNamesAnotherCompany() {
        Tenant a = aTenant();
        Tenant b = aTenant();
        String conversationId = NAMES.of("conv-mismatch");

        post(as(a), aChatBody(b.slug(), "on behalf of b", conversationId))
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.error.code")
                .isEqualTo("company_mismatch")
                .jsonPath("$.error.field")
                .isEqualTo("companySlug");
        as(a).post()
                .uri("/api/chat")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(aChatBody(b.slug(), "on behalf of b"))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .json("{\"error\":\"The API key belongs to another company\"}", true);

        assertThat(worker.redis().exists(keys().conversationRequests(conversationId)))
                .isZero();
    }

    @Test
    void anotherCompanyGets404ForARequestsStateEventsCancelAndConversation() {
        Tenant a = aTenant();
        Tenant b = aTenant();
        Map<?, ?> accepted = post(as(a), aChatBody(a.slug(), "private to a"))
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        String requestId = (String) accepted.get("requestId");
        String conversationId = (String) accepted.get("conversationId");

        expectUnknown(as(b).get().uri("/v1/chats/{id}", requestId).exchange(), "unknown_request");
        expectUnknown(as(b).post().uri("/v1/chats/{id}/cancel", requestId).exchange(), "unknown_request");
        // An SSE client asked for text/event-stream, so the 404 has no JSON body; the status is what counts.
        as(b).get()
                .uri("/v1/chats/{id}/events", requestId)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isNotFound();
        expectUnknown(
                as(b).get()
                        .uri("/v1/conversations/{id}/messages", conversationId)
                        .exchange(),
                "unknown_conversation");
        assertThat(worker.redis().exists(keys().cancelFlag(requestId))).isZero();

        // The owner sees all of it.
        as(a).get()
                .uri("/v1/chats/{id}", requestId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.message")
                .isEqualTo("private to a");
        as(a).get()
                .uri("/v1/conversations/{id}/messages", conversationId)
                .exchange()
                .expectStatus()
                .isOk();
        try (SseClient events = SseClient.open(baseUrl() + "/v1/chats/" + requestId + "/events", a.key())) {
            await().atMost(BOUND).until(() -> events.ids().contains("0"));
        }
    }

    @Test
    void keepsKeysAndSecretsOutOfLogsEventsAndErrorBodies(CapturedOutput output) {
        Tenant tenant = aTenant();
        String wrongKey = "crk_wrong_" + tenant.slug();
        String requestId = accept(tenant);
        String refused = post(withBearer(wrongKey), aChatBody(tenant.slug(), "hi"))
                .expectStatus()
                .isUnauthorized()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        String wrongAdmin = withBearer(wrongKey)
                .get()
                .uri("/admin/companies/{slug}", tenant.slug())
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        String published = ChatCodec.instance()
                .toJson(worker.published(requestId).orElseThrow().request());
        String history = worker.redis()
                .xrange(keys().eventHistory(requestId), Range.create("-", "+"))
                .toString();
        String state = worker.redis().hgetall(keys().requestState(requestId)).toString();
        for (String secret : new String[] {tenant.key(), wrongKey, ADMIN_TOKEN, STREAM_TOKEN_SECRET}) {
            assertThat(output.getAll()).doesNotContain(secret);
            assertThat(published + history + state + refused + wrongAdmin).doesNotContain(secret);
        }
    }

    private String keyIdOf(Tenant tenant) {
        List<?> keyIds = (List<?>) admin().get()
                .uri("/admin/companies/{slug}", tenant.slug())
                .exchange()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("keyIds");
        return (String) keyIds.getFirst();
    }

    private void expectRefusedWithin(Duration bound, Tenant tenant) {
        await().atMost(bound)
                .untilAsserted(() -> post(as(tenant), aChatBody(tenant.slug(), "still there?"))
                        .expectStatus()
                        .isUnauthorized());
    }

    private String accept(Tenant tenant) {
        return (String) post(as(tenant), aChatBody(tenant.slug(), "hello"))
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("requestId");
    }

    private static WebTestClient.ResponseSpec post(WebTestClient client, String json) {
        return client.post()
                .uri("/v1/chats")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json)
                .exchange();
    }

    private static void expectUnknown(WebTestClient.ResponseSpec response, String code) {
        response.expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.error.code")
                .isEqualTo(code);
    }
}
