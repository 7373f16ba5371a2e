package io.chatrelay.gateway.ops;

import static io.chatrelay.gateway.ops.DeadLetterFixtures.aRequest;
import static io.chatrelay.gateway.ops.DeadLetterFixtures.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.ChatHeaders;
import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.gateway.ops.DeadLetterFixtures.Failure;
import io.chatrelay.gateway.support.GatewayFixtures;
import io.chatrelay.gateway.support.TenantIntegrationTest;
import io.chatrelay.testkit.RealServices;
import io.chatrelay.testkit.TestNames;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriBuilder;

@Tag(RealServices.REDIS_HEAVY)
class DeadLetterOpsIntegrationTests extends TenantIntegrationTest {

    private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {};

    private DeadLetterFixtures dlt;
    private String company;
    private final Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));

    @BeforeEach
    void setUp() {
        dlt = new DeadLetterFixtures(topics());
        company = TestNames.unique().id().toLowerCase();
    }

    @AfterEach
    void tearDown() {
        dlt.close();
    }

    @Test
    void answers401WithoutTheAdminTokenAndReplaysNothing() {
        ChatRequest request = oneDeadLetter("Hello", Failure.rejected(base));

        unauthenticated()
                .get()
                .uri("/admin/dead-letters")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        unauthenticated()
                .post()
                .uri("/admin/dead-letters/replay")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"ids\":[\"" + request.requestId() + "\"]}")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.error.code")
                .isEqualTo("missing_credentials");
        withBearer("not-the-admin-token")
                .post()
                .uri("/admin/dead-letters/{id}/discard", request.requestId())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"reason\":\"x\"}")
                .exchange()
                .expectStatus()
                .isUnauthorized();

        assertStillOpen(request);
    }

    @Test
    void answers406WhenTheAcceptHeaderAdmitsNoJsonAndReplaysOrDiscardsNothing() {
        ChatRequest request = oneDeadLetter("Hello", Failure.rejected(base));

        expectNotAcceptable(admin().post()
                .uri("/admin/dead-letters/replay")
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.APPLICATION_XML)
                .bodyValue("{\"ids\":[\"" + request.requestId() + "\"]}")
                .exchange());
        expectNotAcceptable(admin().post()
                .uri("/admin/dead-letters/{id}/discard", request.requestId())
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.TEXT_HTML)
                .bodyValue("{\"reason\":\"x\"}")
                .exchange());

        assertStillOpen(request);
    }

    @Test
    void listsNewestFirstWithFiltersAndCursorPaging() {
        String conversation = "c-" + company;
        List<ChatRequest> requests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ChatRequest request =
                    aRequest(company, conversation + (i % 2), "Message number " + i + " " + "x".repeat(200));
            requests.add(request);
            Instant at = base.plusSeconds(i * 60L);
            dlt.deadLetter(request, i % 2 == 0 ? Failure.rejected(at) : Failure.quota(at));
        }
        dlt.deadLetter(aRequest("other-" + company, "c-other-" + company, "Not ours"), Failure.rejected(base));
        awaitListed(Map.of("company", company), 5);

        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, Object> query = new java.util.HashMap<>(Map.of("company", company, "limit", "2"));
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            Map<String, Object> page = get(query);
            ((List<Map<String, Object>>) page.get("items"))
                    .forEach(e -> paged.add((String) ((Map<String, Object>) e).get("requestId")));
            cursor = (String) page.get("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(paged)
                .containsExactly(
                        requests.get(4).requestId(),
                        requests.get(3).requestId(),
                        requests.get(2).requestId(),
                        requests.get(1).requestId(),
                        requests.get(0).requestId());

        Map<String, Object> first =
                list(Map.of("requestId", requests.get(1).requestId())).getFirst();
        assertThat(first.get("company")).isEqualTo(company);
        assertThat(first.get("conversationId")).isEqualTo(conversation + "1");
        assertThat((String) first.get("preview")).startsWith("Message number 1").hasSizeLessThan(140);
        assertThat(first.get("category")).isEqualTo("quota_exceeded");
        assertThat(first.get("reason")).isEqualTo("429: insufficient_quota");
        assertThat(first.get("upstreamStatus")).isEqualTo(429);
        assertThat(first.get("attempts")).isEqualTo(1);
        assertThat(first.get("replayCount")).isEqualTo(0);
        assertThat(first.get("lastFailureAt")).isEqualTo(base.plusSeconds(60).toString());
        assertThat(first.get("firstFailureAt")).isEqualTo(base.plusSeconds(59).toString());
        assertThat(first.get("resolved")).isEqualTo(false);

        assertThat(ids(Map.of("company", company, "category", "quota_exceeded")))
                .containsExactly(requests.get(3).requestId(), requests.get(1).requestId());
        assertThat(ids(Map.of("company", company, "upstreamStatus", "400")))
                .containsExactly(
                        requests.get(4).requestId(),
                        requests.get(2).requestId(),
                        requests.get(0).requestId());
        assertThat(ids(Map.of("company", company, "upstreamCode", "insufficient_quota")))
                .hasSize(2);
        assertThat(ids(Map.of(
                        "company",
                        company,
                        "from",
                        base.plusSeconds(60).toString(),
                        "to",
                        base.plusSeconds(180).toString())))
                .containsExactly(
                        requests.get(3).requestId(),
                        requests.get(2).requestId(),
                        requests.get(1).requestId());
        assertThat(ids(Map.of("conversationId", conversation + "0")))
                .containsExactly(
                        requests.get(4).requestId(),
                        requests.get(2).requestId(),
                        requests.get(0).requestId());
    }

    @Test
    void refusesBadFiltersWith400NamingTheField() {
        assertBadFilter("category", "nope", "category");
        assertBadFilter("upstreamStatus", "abc", "upstreamStatus");
        assertBadFilter("upstreamStatus", "999", "upstreamStatus");
        assertBadFilter("from", "yesterday", "from");
        assertBadFilter("company", "Not A Slug", "company");
        assertBadFilter("compnay", "acme", "compnay");
        assertBadFilter("limit", "0", "limit");
        assertBadFilter("cursor", "garbage!", "cursor");
        admin().get()
                .uri(b -> b.path("/admin/dead-letters")
                        .queryParam("from", base.plusSeconds(60).toString())
                        .queryParam("to", base.toString())
                        .build())
                .exchange()
                .expectStatus()
                .isBadRequest();
        replay("{\"filter\":{\"category\":\"nope\"}}").expectStatus().isBadRequest();
        replay("{\"ids\":[\"a\"],\"filter\":{}}").expectStatus().isBadRequest();
        replay("{\"ids\":[\"a\"],\"ratePerSecond\":0}")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error.field")
                .isEqualTo("ratePerSecond");
        replay("{\"filter\":{},\"dryrun\":true}")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error.field")
                .isEqualTo("dryrun");
    }

    @Test
    void showsOneWithTheFullRequestAndFailureHeaders() {
        ChatRequest request = oneDeadLetter("Show me", Failure.rejected(base));

        admin().get()
                .uri("/admin/dead-letters/{id}", request.requestId())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.request.message")
                .isEqualTo("Show me")
                .jsonPath("$.request.metadata.order")
                .isEqualTo("42")
                .jsonPath("$.headers['chatrelay-failure-category']")
                .isEqualTo("upstream_rejected")
                .jsonPath("$.headers['chatrelay-upstream-request-id']")
                .isEqualTo("req_upstream_" + request.requestId())
                .jsonPath("$.upstreamRequestId")
                .isEqualTo("req_upstream_" + request.requestId())
                .jsonPath("$.dlt.offset")
                .exists();
        admin().get()
                .uri("/admin/dead-letters/{id}", "req-unknown-" + company)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectBody()
                .jsonPath("$.error.code")
                .isEqualTo("unknown_dead_letter");
    }

    @Test
    void dryRunSaysWhatWouldBeReplayedAndChangesNothing() {
        ChatRequest one = aRequest(company, "c-" + company, "One");
        ChatRequest two = aRequest(company, "c-" + company, "Two");
        dlt.deadLetter(one, Failure.rejected(base));
        dlt.deadLetter(two, Failure.rejected(base.plusSeconds(1)));
        awaitListed(Map.of("company", company), 2);
        int auditBefore = audit().size();

        Map<String, Object> result = replay("{\"filter\":{\"company\":\"" + company + "\"},\"dryRun\":true}")
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();

        assertThat(result.get("dryRun")).isEqualTo(true);
        assertThat(result.get("matched")).isEqualTo(2);
        assertThat(result.get("published")).isEqualTo(0);
        assertThat(((List<Map<String, Object>>) result.get("requests")))
                .extracting(r -> ((Map<String, Object>) r).get("requestId"))
                .containsExactly(one.requestId(), two.requestId());
        assertThat(dlt.requestsOf("c-" + company)).isEmpty();
        assertThat(list(Map.of("company", company)))
                .allSatisfy(e -> assertThat(e.get("resolved")).isEqualTo(false));
        assertThat(audit()).hasSize(auditBefore);
    }

    @Test
    void replaysByFilterInDeadLetterOrderWithReplayCountAndTraceButNoFailureHeaders() {
        String conversation = "c-" + company;
        List<ChatRequest> requests = List.of(
                aRequest(company, conversation, "First"),
                aRequest(company, conversation, "Second"),
                aRequest(company, conversation, "Third"));
        // Failure times out of order: the dead-letter topic's order is what a replay keeps.
        dlt.deadLetter(requests.get(0), Failure.rejected(base.plusSeconds(30)));
        dlt.deadLetter(requests.get(1), Failure.quota(base));
        dlt.deadLetter(requests.get(2), Failure.rejected(base.plusSeconds(10)));
        awaitListed(Map.of("company", company), 3);

        Map<String, Object> result = admin().post()
                .uri("/admin/dead-letters/replay")
                .header(OpsController.OPERATOR_HEADER, "alice")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"filter\":{\"company\":\"" + company + "\"},\"ratePerSecond\":50}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();

        assertThat(result.get("published")).isEqualTo(3);
        List<ConsumerRecord<String, byte[]>> replayed = dlt.requestsOf(conversation);
        assertThat(replayed)
                .extracting(r -> ChatCodec.instance().readRequest(r.value()).requestId())
                .containsExactly(
                        requests.get(0).requestId(),
                        requests.get(1).requestId(),
                        requests.get(2).requestId());
        for (ConsumerRecord<String, byte[]> record : replayed) {
            ChatRequest request = ChatCodec.instance().readRequest(record.value());
            assertThat(request.replayCount()).isEqualTo(1);
            assertThat(record.key()).isEqualTo(conversation);
            assertThat(header(record, ChatHeaders.REPLAY_COUNT)).isEqualTo("1");
            assertThat(header(record, ChatHeaders.REQUEST_ID)).isEqualTo(request.requestId());
            assertThat(header(record, ChatHeaders.TRACEPARENT)).isEqualTo(DeadLetterFixtures.TRACEPARENT);
            record.headers()
                    .forEach(h -> assertThat(ChatHeaders.isFailureHeader(h.key()))
                            .as(h.key())
                            .isFalse());
            assertThat(record.headers().lastHeader(ChatHeaders.ATTEMPT)).isNull();
        }
        assertThat(list(Map.of("company", company))).isEmpty();
        assertThat(list(Map.of("company", company, "includeResolved", "true")))
                .hasSize(3)
                .allSatisfy(e -> {
                    assertThat(e.get("resolved")).isEqualTo(true);
                    assertThat(((Map<String, Object>) e.get("resolution")).get("kind"))
                            .isEqualTo("replayed");
                    assertThat(((Map<String, Object>) e.get("resolution")).get("by"))
                            .isEqualTo("alice");
                });
        Map<String, Object> entry = audit().getFirst();
        assertThat(entry.get("id")).isEqualTo(result.get("auditId"));
        assertThat(entry.get("action")).isEqualTo("replay");
        assertThat(entry.get("actor")).isEqualTo("alice");
        assertThat(entry.get("filter")).isEqualTo(Map.of("company", company));
        assertThat(entry.get("count")).isEqualTo(3);
        assertThat(entry.get("outcome")).isEqualTo("published=3 failed=0 skipped=0");

        // A second replay finds nothing open: no request is replayed twice.
        Map<String, Object> again = replay("{\"filter\":{\"company\":\"" + company + "\"}}")
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
        assertThat(again.get("matched")).isEqualTo(0);
        assertThat(dlt.requestsOf(conversation)).hasSize(3);
    }

    @Test
    void replayByIdsSkipsUnknownResolvedAndUnreadableOnes() {
        ChatRequest good = aRequest(company, "c-" + company, "Good");
        dlt.deadLetter(good, Failure.rejected(base));
        worker.redis().hset(keys().requestState(good.requestId()), RequestStateFields.STATUS, "dead_lettered");
        String poisonId = "req-poison-" + company;
        dlt.poison("c-poison-" + company, poisonId, company, base);
        awaitListed(Map.of("company", company), 2);

        Map<String, Object> result = replay("{\"ids\":[\"" + good.requestId() + "\",\"req-nope-" + company + "\",\""
                        + poisonId + "\"],\"maxCount\":5}")
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();

        assertThat(result.get("published")).isEqualTo(1);
        assertThat(result.get("skipped")).isEqualTo(2);
        assertThat((List<Map<String, Object>>) result.get("requests"))
                .extracting(
                        r -> ((Map<String, Object>) r).get("outcome") + ":" + ((Map<String, Object>) r).get("reason"))
                .containsExactlyInAnyOrder("published:null", "skipped:not_found", "skipped:unreadable");
        assertThat(dlt.requestsOf("c-" + company)).hasSize(1);
        assertThat(dlt.requestsOf("c-poison-" + company)).isEmpty();
        // The replayed request's state says a run is to come, so that its streams wait for it; none is made up for
        // a request whose state is gone.
        assertThat(worker.redis().hget(keys().requestState(good.requestId()), RequestStateFields.REPLAY_REQUESTED))
                .isEqualTo("1");
        assertThat(worker.redis().exists(keys().requestState("req-nope-" + company)))
                .isZero();
        Map<String, Object> again = replay("{\"ids\":[\"" + good.requestId() + "\"]}")
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
        assertThat((List<Map<String, Object>>) again.get("requests"))
                .extracting(r -> ((Map<String, Object>) r).get("reason"))
                .containsExactly("already_replayed");
    }

    @Test
    void aReplayThatFailsAgainIsOpenAgainWithItsReplayCount() {
        ChatRequest request = oneDeadLetter("Fails twice", Failure.rejected(base));
        replay("{\"ids\":[\"" + request.requestId() + "\"]}").expectStatus().isOk();
        assertThat(list(Map.of("company", company))).isEmpty();

        dlt.deadLetter(request.replayed(), Failure.rejected(base.plusSeconds(5)));

        awaitListed(Map.of("company", company), 1);
        Map<String, Object> entry = list(Map.of("company", company)).getFirst();
        assertThat(entry.get("replayCount")).isEqualTo(1);
        assertThat(entry.get("resolved")).isEqualTo(false);
        assertThat(metrics()).contains("chatrelay_gateway_replays_total{outcome=\"dead_lettered_again\"}");
    }

    @Test
    void discardMarksResolvedWithAReasonAndHidesIt() {
        ChatRequest request = oneDeadLetter("Not worth it", Failure.quota(base));

        discard(request.requestId(), "{}").expectStatus().isBadRequest();
        discard(request.requestId(), "{\"reason\":\"customer gave up\"}")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.resolved")
                .isEqualTo(true)
                .jsonPath("$.resolution.kind")
                .isEqualTo("discarded")
                .jsonPath("$.resolution.reason")
                .isEqualTo("customer gave up");

        assertThat(list(Map.of("company", company))).isEmpty();
        assertThat(list(Map.of("company", company, "includeResolved", "true"))).hasSize(1);
        discard(request.requestId(), "{\"reason\":\"again\"}").expectStatus().isEqualTo(409);
        discard("req-nope-" + company, "{\"reason\":\"x\"}").expectStatus().isNotFound();
        replay("{\"ids\":[\"" + request.requestId() + "\"]}").expectStatus().isOk();
        assertThat(dlt.requestsOf("c-" + company)).isEmpty();
        Map<String, Object> entry = audit().getFirst();
        assertThat(entry.get("action")).isEqualTo("replay");
        Map<String, Object> discard = audit().get(1);
        assertThat(discard.get("action")).isEqualTo("discard");
        assertThat(discard.get("reason")).isEqualTo("customer gave up");
        assertThat(discard.get("requestIds")).isEqualTo(List.of(request.requestId()));
        assertThat(metrics())
                .contains("chatrelay_gateway_dead_letters_total{category=\"quota_exceeded\"}")
                .contains("chatrelay_gateway_dead_letters_backlog");
    }

    /** One dead letter of this test's company, once the index lists it. */
    private ChatRequest oneDeadLetter(String message, Failure failure) {
        ChatRequest request = aRequest(company, "c-" + company, message);
        dlt.deadLetter(request, failure);
        awaitListed(Map.of("company", company), 1);
        return request;
    }

    /** Nothing was replayed or discarded: no request went back to Kafka, and the dead letter is still open. */
    private void assertStillOpen(ChatRequest request) {
        assertThat(dlt.requestsOf(request.conversationId())).isEmpty();
        assertThat(list(Map.of("company", company)))
                .extracting(e -> e.get("resolved"))
                .containsExactly(false);
    }

    private WebTestClient.ResponseSpec replay(String body) {
        return admin().post()
                .uri("/admin/dead-letters/replay")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private WebTestClient.ResponseSpec discard(String id, String body) {
        return admin().post()
                .uri("/admin/dead-letters/{id}/discard", id)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private void assertBadFilter(String name, String value, String field) {
        admin().get()
                .uri(b -> b.path("/admin/dead-letters").queryParam(name, value).build())
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.error.field")
                .isEqualTo(field);
    }

    private void awaitListed(Map<String, String> query, int count) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> assertThat(list(query)).hasSize(count));
    }

    private List<Map<String, Object>> list(Map<String, String> query) {
        return ((List<Map<String, Object>>) get(new java.util.HashMap<>(query)).get("items"));
    }

    private List<String> ids(Map<String, String> query) {
        return list(query).stream().map(e -> (String) e.get("requestId")).toList();
    }

    private Map<String, Object> get(Map<String, ?> query) {
        return admin().get()
                .uri(b -> {
                    UriBuilder builder = b.path("/admin/dead-letters");
                    query.forEach((k, v) -> builder.queryParam(k, "{" + k + "}"));
                    return builder.build(query);
                })
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
    }

    private List<Map<String, Object>> audit() {
        Map<String, Object> body = admin().get()
                .uri("/admin/dead-letters/audit?limit=1000")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
        return ((List<Map<String, Object>>) body.get("items"));
    }

    private String metrics() {
        return getText("/actuator/prometheus");
    }

    private WebTestClient unauthenticated() {
        return WebTestClient.bindToServer()
                .responseTimeout(GatewayFixtures.RESPONSE_TIMEOUT)
                .baseUrl(baseUrl())
                .defaultHeader(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
                .build();
    }
}
