package io.chatrelay.gateway.ingest;

import static io.chatrelay.gateway.support.GatewayFixtures.aChatBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.gateway.support.GatewayIntegrationTest;
import io.chatrelay.gateway.support.WorkerDouble;
import io.chatrelay.testkit.RealServices;
import io.chatrelay.testkit.TestNames;
import io.lettuce.core.Range;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

@Tag(RealServices.REDIS_HEAVY)
class ChatIngestIntegrationTests extends GatewayIntegrationTest {

    @Autowired
    private MeterRegistry meters;

    private String company;

    @BeforeEach
    void company() {
        company = TestNames.unique().id().toLowerCase();
        worker.registerCompany(company);
    }

    @Test
    void acceptsChatAfterKafkaHoldsItKeyedByConversation() {
        Map<?, ?> body = post(aChatBody(company, "Where is my order?"))
                .expectStatus()
                .isAccepted()
                .expectHeader()
                .exists(HttpHeaders.LOCATION)
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();

        String requestId = (String) body.get("requestId");
        String conversationId = (String) body.get("conversationId");
        assertThat(body.get("status")).isEqualTo("accepted");
        // Auth is disabled here: there is no key to stand in for.
        assertThat(body.containsKey("streamToken")).isFalse();
        assertThat(body.get("links"))
                .isEqualTo(Map.of("self", "/v1/chats/" + requestId, "events", "/v1/chats/" + requestId + "/events"));

        WorkerDouble.Published published = worker.published(requestId).orElseThrow();
        assertThat(published.key()).isEqualTo(conversationId);
        assertThat(published.request().message()).isEqualTo("Where is my order?");
        assertThat(published.request().companySlug()).isEqualTo(company);

        Map<String, String> state = worker.redis().hgetall(keys().requestState(requestId));
        assertThat(state)
                .containsEntry(RequestStateFields.STATUS, "accepted")
                .containsEntry(RequestStateFields.COMPANY, company)
                .containsEntry(RequestStateFields.CONVERSATION_ID, conversationId)
                .containsEntry(RequestStateFields.SEQ, "0");
        assertThat(worker.redis().xrange(keys().eventHistory(requestId), Range.create("-", "+")))
                .singleElement()
                .satisfies(entry -> assertThat(entry.getBody().get(RequestStateFields.HISTORY_EVENT))
                        .contains("\"type\":\"accepted\""));
        assertThat(worker.redis().lrange(keys().conversationRequests(conversationId), 0, -1))
                .containsExactly(requestId);
    }

    @Test
    void recordsTheAcceptedHistoryEntryWithItsSeqAndTypeBesideItsJson() {
        String requestId = acceptedRequest();

        assertThat(worker.redis().xrange(keys().eventHistory(requestId), Range.create("-", "+")))
                .singleElement()
                .satisfies(entry -> assertThat(entry.getBody())
                        .containsEntry(RequestStateFields.HISTORY_SEQ, "0")
                        .containsEntry(RequestStateFields.HISTORY_TYPE, "accepted")
                        .containsKey(RequestStateFields.HISTORY_EVENT));
    }

    @Test
    void acceptsUnderTheRateLimitWithOneScriptPerSlotAndMarksAnIdempotencyKeyPublishedAfterwards() {
        // The first run of a script may load it (a second round trip): warm up with the same kinds of request.
        post(aChatBody(company, "warm-up")).expectStatus().isAccepted();
        postWithKey(aChatBody(company, "warm-up"), NAMES.of("idem-warm"))
                .expectStatus()
                .isAccepted();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !worker.redis()
                        .get(keys().idempotency(company, NAMES.of("idem-warm")))
                        .endsWith("pending"));
        long scriptsBefore = scriptRuns();

        post(aChatBody(company, "Refund please")).expectStatus().isAccepted();

        // The company's, the conversation's and the request's.
        assertThat(scriptRuns() - scriptsBefore).isEqualTo(3);

        String key = NAMES.of("idem-once");
        postWithKey(aChatBody(company, "Refund again"), key).expectStatus().isAccepted();

        // The answer came after the three accept scripts; once Kafka acknowledged, one more marks the key's claim
        // published, and retries get the request instead of 409.
        await().atMost(Duration.ofSeconds(5))
                .until(() ->
                        !worker.redis().get(keys().idempotency(company, key)).endsWith("pending"));
        assertThat(scriptRuns() - scriptsBefore).isEqualTo(7);
    }

    @Test
    void leavesAnIdempotencyKeyFreeWhenItsRequestWasRefused() {
        String key = NAMES.of("idem-refused");
        String other = TestNames.unique().id().toLowerCase();
        String body = aChatBody(other, "Refund please");

        postWithKey(body, key).expectStatus().isNotFound();
        worker.registerCompany(other);

        String accepted = requestIdOf(postWithKey(body, key).expectStatus().isAccepted());
        assertThat(worker.published(accepted)).isPresent();
    }

    @Test
    void continuesTheGivenConversationWhoseKeysExpireWithItsLastRequest() {
        String conversationId = NAMES.of("conv-given");
        String body = "{\"companySlug\":\"" + company + "\",\"message\":\"hi\",\"conversationId\":\"" + conversationId
                + "\",\"metadata\":{\"channel\":\"web\"}}";

        Map<?, ?> answer = post(body)
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();

        assertThat(answer.get("conversationId")).isEqualTo(conversationId);
        assertThat(worker.published((String) answer.get("requestId"))
                        .orElseThrow()
                        .request()
                        .metadata())
                .containsEntry("channel", "web");
        // The conversation lives as long as its last request: its keys expire with the request's.
        long requestTtl = worker.redis().ttl(keys().requestState((String) answer.get("requestId")));
        assertThat(requestTtl).isPositive();
        assertThat(worker.redis().ttl(keys().conversationCompany(conversationId)))
                .isBetween(requestTtl - 5, requestTtl);
        assertThat(worker.redis().ttl(keys().conversationRequests(conversationId)))
                .isBetween(requestTtl - 5, requestTtl);
    }

    @Test
    void answers404ForAnUpstreamConversationAnotherCompanyUsesAndClaimsANewOneForTheFirstCompany() {
        String theirs = "conv_" + NAMES.id() + "_theirs";
        String other = TestNames.unique().id().toLowerCase();
        // What a worker writes when it binds a conversation of the other company to a new upstream one.
        worker.redis().set(keys().conversationCompany(theirs), other);

        post(aChatBody(company, "let me read theirs", theirs))
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.error.code")
                .isEqualTo("unknown_conversation");
        assertThat(worker.redis().lrange(keys().conversationRequests(theirs), 0, -1))
                .isEmpty();

        String unseen = "conv_" + NAMES.id() + "_unseen";
        post(aChatBody(company, "continue mine", unseen)).expectStatus().isAccepted();
        assertThat(worker.redis().get(keys().conversationCompany(unseen))).isEqualTo(company);
    }

    @Test
    void refusesAConversationThatAnotherCompanyStarted() {
        String conversationId = NAMES.of("conv-owned");
        String other = TestNames.unique().id().toLowerCase();
        worker.registerCompany(other);
        post(aChatBody(company, "mine", conversationId)).expectStatus().isAccepted();

        post(aChatBody(other, "let me in", conversationId))
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.error.code")
                .isEqualTo("conversation_taken")
                .jsonPath("$.error.field")
                .isEqualTo("conversationId");

        assertThat(worker.redis().lrange(keys().conversationRequests(conversationId), 0, -1))
                .hasSize(1);
        post(aChatBody(company, "mine again", conversationId)).expectStatus().isAccepted();
        assertThat(worker.redis().get(keys().conversationCompany(conversationId)))
                .isEqualTo(company);
    }

    @Test
    void leavesTheIdempotencyKeyOfARequestRefusedForAnotherCompanysConversationFree() {
        String conversationId = NAMES.of("conv-owned-keyed");
        String other = TestNames.unique().id().toLowerCase();
        worker.registerCompany(other);
        post(aChatBody(company, "mine", conversationId)).expectStatus().isAccepted();
        String key = NAMES.of("idem-taken");

        postWithKey(aChatBody(other, "let me in", conversationId), key)
                .expectStatus()
                .isEqualTo(409);

        assertThat(worker.redis().exists(keys().idempotency(other, key))).isZero();
        // The key is free for the caller's corrected request.
        postWithKey(aChatBody(other, "let me in"), key).expectStatus().isAccepted();
    }

    @Test
    void rejectsMissingMessageNamingTheField() {
        post("{\"companySlug\":\"" + company + "\"}")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error.code")
                .isEqualTo("missing_field")
                .jsonPath("$.error.field")
                .isEqualTo("message");
    }

    @Test
    void rejectsMalformedJson() {
        post("{\"companySlug\":")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error.code")
                .isEqualTo("malformed_json");
    }

    @Test
    void answers404ForUnknownCompany() {
        post(aChatBody("no-such-company-" + company, "hi"))
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.error.code")
                .isEqualTo("unknown_company");
    }

    @Test
    void answers413ForMessageOverTheLimit() {
        post(aChatBody(company, "x".repeat(32_001)))
                .expectStatus()
                .isEqualTo(413)
                .expectBody()
                .jsonPath("$.error.field")
                .isEqualTo("message");
    }

    @Test
    void answers415WhenBodyIsNotJson() {
        http().post()
                .uri("/v1/chats")
                .contentType(MediaType.TEXT_PLAIN)
                .bodyValue("hello")
                .exchange()
                .expectStatus()
                .isEqualTo(415)
                .expectBody()
                .jsonPath("$.error.code")
                .isEqualTo("unsupported_media_type");
    }

    @Test
    void answers406BeforeAcceptingWhenTheAcceptHeaderAdmitsNoAnswer() {
        for (String accept : List.of("application/xml", "text/html, application/json;q=0")) {
            String conversationId = NAMES.of("conv-not-acceptable");
            expectNotAcceptable(http().post()
                    .uri("/v1/chats")
                    .contentType(MediaType.APPLICATION_JSON)
                    .header(HttpHeaders.ACCEPT, accept)
                    .bodyValue(aChatBody(company, "Hello", conversationId))
                    .exchange());
            // Refused before the accept: nothing kept, nothing published, so a corrected retry is the only request.
            assertThat(worker.redis().lrange(keys().conversationRequests(conversationId), 0, -1))
                    .as("requests kept for Accept: %s", accept)
                    .isEmpty();
        }
    }

    @Test
    void acceptsWhenTheAcceptHeaderAdmitsJsonOrDoesNotParse() {
        for (String accept : List.of(
                "*/*", "application/*", "text/html, application/json;q=0.1", "text/html;q=", "application/json, ;;")) {
            http().post()
                    .uri("/v1/chats")
                    .contentType(MediaType.APPLICATION_JSON)
                    .header(HttpHeaders.ACCEPT, accept)
                    .bodyValue(aChatBody(company, "Hello"))
                    .exchange()
                    .expectStatus()
                    .isAccepted()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_JSON);
        }
    }

    @Test
    void answers405WithAllowForWrongMethod() {
        http().put()
                .uri("/v1/chats")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(aChatBody(company, "hi"))
                .exchange()
                .expectStatus()
                .isEqualTo(405)
                .expectHeader()
                .valueEquals(HttpHeaders.ALLOW, "POST")
                .expectBody()
                .jsonPath("$.error.code")
                .isEqualTo("method_not_allowed");
    }

    @Test
    void showsStateAndAcceptsCancel() {
        String requestId = acceptedRequest();

        http().get()
                .uri("/v1/chats/{id}", requestId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("accepted")
                .jsonPath("$.companySlug")
                .isEqualTo(company)
                .jsonPath("$.createdAt")
                .exists();

        http().post()
                .uri("/v1/chats/{id}/cancel", requestId)
                .exchange()
                .expectStatus()
                .isAccepted();
        assertThat(worker.redis().get(keys().cancelFlag(requestId))).isEqualTo("1");
    }

    @Test
    void answers406BeforeCancellingWhenTheAcceptHeaderAdmitsNoJson() {
        String requestId = acceptedRequest();

        expectNotAcceptable(http().post()
                        .uri("/v1/chats/{id}/cancel", requestId)
                        .header(HttpHeaders.ACCEPT, "application/xml")
                        .exchange())
                .jsonPath("$.error.message")
                .isEqualTo("The answer is application/json");
        assertThat(worker.redis().get(keys().cancelFlag(requestId))).isNull();
    }

    @Test
    void refusesToCancelAFinishedRequest() {
        String requestId = acceptedRequest();
        worker.redis().hset(keys().requestState(requestId), RequestStateFields.STATUS, "completed");

        http().post()
                .uri("/v1/chats/{id}/cancel", requestId)
                .exchange()
                .expectStatus()
                .isEqualTo(409);
    }

    @Test
    void answers404ForUnknownRequest() {
        http().get()
                .uri("/v1/chats/req_unknown")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.error.code")
                .isEqualTo("unknown_request");
        http().post()
                .uri("/v1/chats/req_unknown/cancel")
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void sameIdempotencyKeyAndBodyGiveTheSameRequestPublishedOnce() {
        String key = NAMES.of("idem-1");
        String body = aChatBody(company, "Refund please");

        String first = requestIdOf(postWithKey(body, key).expectStatus().isAccepted());
        String second = requestIdOf(postWithKey(body, key).expectStatus().isAccepted());

        assertThat(second).isEqualTo(first);
        assertThat(worker.published(first)).isPresent();
        assertThat(worker.publishedCount(first)).isEqualTo(1);
    }

    @Test
    void aRetryWithTheKeyOfARequestKafkaDidNotConfirmSendsThatRequestAgainAndAcceptsIt() {
        String key = NAMES.of("idem-unconfirmed");
        String body = aChatBody(company, "Did my first try land?");
        // What an earlier call left when its publish ended without Kafka's verdict (UnconfirmedPublishIntegrationTests
        // makes one for real): the request kept, and its key unconfirmed.
        String requestId = "req_" + NAMES.of("unconfirmed").replace("-", "");
        String conversationId = "cnv_" + NAMES.of("unconfirmed").replace("-", "");
        worker.redis()
                .set(
                        keys().idempotency(company, key),
                        IdempotencyClaim.of(body, requestId, conversationId)
                                .at(IdempotencyClaim.Stage.UNCONFIRMED)
                                .encode());

        assertThat(requestIdOf(postWithKey(body, key).expectStatus().isAccepted()))
                .isEqualTo(requestId);
        // Marked published after the answer; from then on the key answers without sending.
        await().atMost(Duration.ofSeconds(5))
                .until(() -> IdempotencyClaim.decode(worker.redis().get(keys().idempotency(company, key)))
                        .stage()
                        .equals(IdempotencyClaim.Stage.PUBLISHED));
        assertThat(requestIdOf(postWithKey(body, key).expectStatus().isAccepted()))
                .isEqualTo(requestId);

        WorkerDouble.Published published = worker.published(requestId).orElseThrow();
        assertThat(published.request().conversationId()).isEqualTo(conversationId);
        assertThat(published.request().message()).isEqualTo("Did my first try land?");
        assertThat(worker.publishedCount(requestId))
                .as("sent again once, then answered from the key")
                .isEqualTo(1);
    }

    @Test
    void sameIdempotencyKeyWithAnotherBodyIsRefusedWith422() {
        String key = NAMES.of("idem-2");
        postWithKey(aChatBody(company, "Refund please"), key).expectStatus().isAccepted();

        postWithKey(aChatBody(company, "Something else"), key)
                .expectStatus()
                .isEqualTo(422)
                .expectBody()
                .jsonPath("$.error.code")
                .isEqualTo("idempotency_key_reused");
    }

    @Test
    void answers200WithTheResultWhenItIsReadyWithinPreferWait() {
        String conversationId = NAMES.of("conv-wait");
        String body = "{\"companySlug\":\"" + company + "\",\"message\":\"hi\",\"conversationId\":\"" + conversationId
                + "\"}";
        // Plays the worker: completes the request as soon as it is on the topic.
        Thread.ofVirtual().start(() -> worker.awaitAndComplete(conversationId, "Hello there."));

        http().post()
                .uri("/v1/chats")
                .contentType(MediaType.APPLICATION_JSON)
                .header("Prefer", "wait=20")
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("completed")
                .jsonPath("$.answer")
                .isEqualTo("Hello there.");
    }

    @Test
    void answersPreferWaitWhenTheRequestEndsWithoutReadingItsStateOverAndOver() {
        String conversationId = NAMES.of("conv-wait-push");
        Instant posted = Instant.now();
        Thread.ofVirtual()
                .start(() -> worker.awaitAndComplete(conversationId, "Late answer.", posted.plusMillis(1500)));
        long stateReadsBefore = stateReads();

        http().post()
                .uri("/v1/chats")
                .contentType(MediaType.APPLICATION_JSON)
                .header("Prefer", "wait=10")
                .bodyValue(aChatBody(company, "hi", conversationId))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.answer")
                .isEqualTo("Late answer.");

        assertThat(Duration.between(posted, Instant.now())).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(10));
        // Once before waiting and once after the end arrived, plus the worker double's own few: a poll every 100 ms
        // would have read the state some fifteen times.
        assertThat(stateReads() - stateReadsBefore).isLessThan(8);
    }

    @Test
    void answers202AfterTheWaitWhenTheRequestDoesNotEndWithinItAndLetsGoOfItsFeed() {
        double subscribersBefore = subscribers();
        Instant posted = Instant.now();

        post(aChatBody(company, "nobody answers"), "wait=1").expectStatus().isAccepted();

        assertThat(Duration.between(posted, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> subscribers() == subscribersBefore);
    }

    @Test
    void listsTheTurnsOfAConversationInOrder() {
        String conversationId = NAMES.of("conv-list");
        for (String message : new String[] {"first", "second"}) {
            post("{\"companySlug\":\"" + company + "\",\"message\":\"" + message + "\",\"conversationId\":\""
                            + conversationId + "\"}")
                    .expectStatus()
                    .isAccepted();
        }

        http().get()
                .uri("/v1/conversations/{id}/messages", conversationId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.messages.length()")
                .isEqualTo(2)
                .jsonPath("$.messages[0].status")
                .isEqualTo("accepted");
        http().get()
                .uri("/v1/conversations/nobody/messages")
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void pagesTheTurnsOfAConversation() {
        String conversationId = NAMES.of("conv-pages");
        for (String message : new String[] {"first", "second", "third"}) {
            post("{\"companySlug\":\"" + company + "\",\"message\":\"" + message + "\",\"conversationId\":\""
                            + conversationId + "\"}")
                    .expectStatus()
                    .isAccepted();
        }

        http().get()
                .uri("/v1/conversations/{id}/messages?limit=2", conversationId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.messages[*].message")
                .isEqualTo(List.of("first", "second"))
                .jsonPath("$.next")
                .isEqualTo(2);
        http().get()
                .uri("/v1/conversations/{id}/messages?from=2&limit=2", conversationId)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.messages[*].message")
                .isEqualTo(List.of("third"))
                .jsonPath("$.next")
                .doesNotExist();
        http().get()
                .uri("/v1/conversations/{id}/messages?limit=0", conversationId)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error.code")
                .isEqualTo("invalid_page")
                .jsonPath("$.error.field")
                .isEqualTo("limit");
    }

    @Test
    void answers429WithRetryAfterWhenTheCompanyExceedsItsRate() {
        // The bucket holds 12 and refills at 0.5/s: each token that came back while the posts ran is one more accept.
        long started = System.nanoTime();
        int accepted = 0;
        EntityExchangeResult<byte[]> refused = null;
        while (refused == null && accepted < 20) {
            EntityExchangeResult<byte[]> answer =
                    post(aChatBody(company, "message " + accepted)).expectBody().returnResult();
            if (answer.getStatus().value() == 202) {
                accepted++;
            } else {
                refused = answer;
            }
        }

        double refilled = (System.nanoTime() - started) / 1e9 * 0.5;
        assertThat(accepted).isBetween(12, 12 + (int) Math.ceil(refilled));
        assertThat(refused).isNotNull();
        assertThat(refused.getStatus().value()).isEqualTo(429);
        assertThat(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER))
                .isNotBlank();
        assertThat(new String(refused.getResponseBodyContent(), StandardCharsets.UTF_8))
                .contains("\"code\":\"rate_limited\"");
    }

    @Test
    void answersARetriedPostFromItsIdempotencyKeyEvenWhenTheRateLimitIsUsedUp() {
        String key = NAMES.of("idem-limited");
        String body = aChatBody(company, "Refund please");
        String first = requestIdOf(postWithKey(body, key).expectStatus().isAccepted());
        await().atMost(Duration.ofSeconds(5))
                .until(() ->
                        !worker.redis().get(keys().idempotency(company, key)).endsWith("pending"));
        int sent = 0;
        while (post(aChatBody(company, "message " + sent))
                                .expectBody()
                                .returnResult()
                                .getStatus()
                                .value()
                        == 202
                && sent < 20) {
            sent++;
        }

        // The retry takes no token: its answer is the first one's request, not a 429.
        assertThat(requestIdOf(postWithKey(body, key).expectStatus().isAccepted()))
                .isEqualTo(first);
    }

    private WebTestClient.ResponseSpec post(String json, String prefer) {
        return http().post()
                .uri("/v1/chats")
                .contentType(MediaType.APPLICATION_JSON)
                .header("Prefer", prefer)
                .bodyValue(json)
                .exchange();
    }

    /** How many times Redis read a whole hash (a request's state is read so) since it started. */
    private static long stateReads() {
        return worker.redisCalls("hgetall");
    }

    /** How many scripts Redis was asked to run since it started. */
    private static long scriptRuns() {
        return worker.redisCalls("evalsha", "eval");
    }

    /** This instance's open live feeds, SSE connections and waiting answers alike. */
    private double subscribers() {
        return meters.get("chatrelay.gateway.stream.subscribers").gauge().value();
    }

    private WebTestClient.ResponseSpec postWithKey(String json, String key) {
        return http().post()
                .uri("/v1/chats")
                .contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", key)
                .bodyValue(json)
                .exchange();
    }

    private static String requestIdOf(WebTestClient.ResponseSpec response) {
        return (String)
                response.expectBody(Map.class).returnResult().getResponseBody().get("requestId");
    }

    private String acceptedRequest() {
        Map<?, ?> body = post(aChatBody(company, "hi"))
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return (String) body.get("requestId");
    }

    private WebTestClient.ResponseSpec post(String json) {
        return http().post()
                .uri("/v1/chats")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json)
                .exchange();
    }
}
