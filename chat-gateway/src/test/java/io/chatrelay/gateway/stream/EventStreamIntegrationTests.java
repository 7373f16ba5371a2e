package io.chatrelay.gateway.stream;

import static io.chatrelay.gateway.support.GatewayFixtures.aChatBody;
import static io.chatrelay.gateway.support.GatewayFixtures.aWorkersRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.gateway.support.GatewayIntegrationTest;
import io.chatrelay.gateway.support.SseClient;
import io.chatrelay.testkit.RealServices;
import io.chatrelay.testkit.TestNames;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;

@Tag(RealServices.REDIS_HEAVY)
class EventStreamIntegrationTests extends GatewayIntegrationTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    @Autowired
    private MeterRegistry meters;

    private String company;

    @BeforeEach
    void company() {
        company = TestNames.unique().id().toLowerCase();
        worker.registerCompany(company);
    }

    @Test
    void replaysHistoryThenRelaysLiveEventsAndClosesAfterTheTerminalOne() {
        Accepted accepted = accept();
        List<ChatEvent> run = aWorkersRun(accepted.requestId(), accepted.conversationId());

        try (SseClient client = SseClient.open(eventsUrl(accepted.requestId()))) {
            await().atMost(BOUND).until(() -> client.ids().contains("0"));
            run.forEach(worker::emit);

            await().atMost(BOUND).until(client::completed);
            assertThat(client.ids()).containsExactly("0", "1", "2", "3", "4", "5");
            assertThat(client.types()).containsExactly("accepted", "queued", "started", "delta", "delta", "completed");
            assertThat(client.events().getLast().data()).contains("\"text\":\"Your order shipped.\"");
        }
    }

    @Test
    void leavesEventStreamsOutOfTheHttpServerTimersThatPostsAreIn() {
        Accepted accepted = accept();
        try (SseClient client = SseClient.open(eventsUrl(accepted.requestId()))) {
            await().atMost(BOUND).until(() -> client.ids().contains("0"));
            aWorkersRun(accepted.requestId(), accepted.conversationId()).forEach(worker::emit);
            await().atMost(BOUND).until(client::completed);
        }

        // A stream's own exchange ends a moment after its last event reached the client.
        await().during(Duration.ofMillis(500))
                .atMost(BOUND)
                .until(() -> meters.find("http.server.requests")
                        .tag("uri", "/v1/chats/{requestId}/events")
                        .timers()
                        .isEmpty());
        assertThat(meters.find("http.server.requests")
                        .tag("method", "POST")
                        .tag("uri", "/v1/chats")
                        .timer())
                .isNotNull();
    }

    @Test
    void streamsAPostedChatOnItsOwnConnectionWhenTheClientAcceptsAnEventStream() {
        try (SseClient client = SseClient.post(baseUrl() + "/v1/chats", aChatBody(company, "Where is my order?"))) {
            await().atMost(BOUND).until(() -> client.ids().contains("0"));
            ChatEvent.Accepted accepted = (ChatEvent.Accepted)
                    ChatCodec.instance().readEvent(client.events().getFirst().data());
            aWorkersRun(accepted.requestId(), accepted.conversationId()).forEach(worker::emit);

            await().atMost(BOUND).until(client::completed);
            assertThat(client.failure()).isNull();
            assertThat(client.ids()).containsExactly("0", "1", "2", "3", "4", "5");
            assertThat(client.types()).containsExactly("accepted", "queued", "started", "delta", "delta", "completed");
            assertThat(accepted.companySlug()).isEqualTo(company);
        }
        // Timed apart from the plain POSTs, whose accept latency it would swamp.
        await().atMost(BOUND)
                .until(() -> meters.find("http.server.requests")
                                .tag("method", "POST")
                                .tag("uri", "/v1/chats (event stream)")
                                .timer()
                        != null);
    }

    @Test
    void answersABadPostThatAsksForAStreamWithAJsonErrorAndNoStream() {
        http().post()
                .uri("/v1/chats")
                .contentType(MediaType.APPLICATION_JSON)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .bodyValue("{\"companySlug\":\"" + company + "\"}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.error.field")
                .isEqualTo("message");
    }

    @Test
    void showsAReplayedRequestsRerunAndEndsWithTheTerminalEventOfTheLatestRun() {
        Accepted accepted = accept();
        String id = accepted.requestId();
        String conversation = accepted.conversationId();
        Instant at = Instant.now();
        // The first run dead-lettered; an operator's replay ran it again in the same history.
        aDeadLetteredRun(id, conversation, at);
        worker.emit(new ChatEvent.Queued(id, conversation, 4, at));
        worker.emit(new ChatEvent.Started(id, conversation, 5, at, "resp_2"));

        try (SseClient client = SseClient.open(eventsUrl(id))) {
            await().atMost(BOUND).until(() -> client.ids().contains("5"));
            worker.emit(new ChatEvent.Completed(id, conversation, 6, at, "resp_2", "Second time lucky.", null));

            await().atMost(BOUND).until(client::completed);
            assertThat(client.ids()).containsExactly("0", "1", "2", "3", "4", "5", "6");
        }
    }

    @Test
    void waitsForTheRunOfAReplayNoWorkerTookUpYetInsteadOfEndingAtTheEarlierEnd() {
        Accepted accepted = accept();
        String id = accepted.requestId();
        String conversation = accepted.conversationId();
        Instant at = Instant.now();
        aDeadLetteredRun(id, conversation, at);
        // The operator's replay is in Kafka (the gateway noted it on the state); no worker took it up yet.
        worker.redis().hset(keys().requestState(id), RequestStateFields.REPLAY_REQUESTED, "1");

        try (SseClient client = SseClient.open(eventsUrl(id))) {
            await().atMost(BOUND).until(() -> client.ids().contains("3"));
            worker.redis().hset(keys().requestState(id), RequestStateFields.REPLAY_COUNT, "1");
            worker.emit(new ChatEvent.Queued(id, conversation, 4, at));
            worker.emit(new ChatEvent.Completed(id, conversation, 5, at, "resp_2", "Second time lucky.", null));

            await().atMost(BOUND).until(client::completed);
            assertThat(client.ids()).containsExactly("0", "1", "2", "3", "4", "5");
        }
    }

    /** A first run of a request that ended dead-lettered: seqs 1 to 3. */
    private void aDeadLetteredRun(String id, String conversation, Instant at) {
        worker.emit(new ChatEvent.Queued(id, conversation, 1, at));
        worker.emit(new ChatEvent.Failed(id, conversation, 2, at, "run_failed", "The answer failed upstream", false));
        worker.emit(new ChatEvent.DeadLettered(id, conversation, 3, at, "run_failed", "The answer failed upstream"));
    }

    @Test
    void bringsTheEventsALiveOneSkippedFromTheHistoryInOrder() {
        Accepted accepted = accept();
        List<ChatEvent> run = aWorkersRun(accepted.requestId(), accepted.conversationId());

        try (SseClient client = SseClient.open(eventsUrl(accepted.requestId()))) {
            await().atMost(BOUND).until(() -> client.ids().contains("0"));
            worker.emit(run.get(0));
            // Seq 2's record never reaches Kafka; seq 3's does.
            worker.recordWithoutPublishing(run.get(1));
            worker.emit(run.get(2));
            worker.emit(run.get(3));
            worker.emit(run.get(4));

            await().atMost(BOUND).until(client::completed);
            assertThat(client.ids()).containsExactly("0", "1", "2", "3", "4", "5");
        }
    }

    @Test
    void endsWithATerminalEventThatOnlyTheHistoryHasOnceTheStreamWasSilentForAWhile() {
        Accepted accepted = accept();
        List<ChatEvent> run = aWorkersRun(accepted.requestId(), accepted.conversationId());

        try (SseClient client = SseClient.open(eventsUrl(accepted.requestId()))) {
            await().atMost(BOUND).until(() -> client.ids().contains("0"));
            run.subList(0, 4).forEach(worker::emit);
            // The completed event's record never reaches Kafka.
            worker.recordWithoutPublishing(run.get(4));

            await().atMost(BOUND).until(client::completed);
            assertThat(client.ids()).containsExactly("0", "1", "2", "3", "4", "5");
        }
    }

    @Test
    void resumesAfterAMidStreamDisconnectWithoutLossOrDuplicate() {
        Accepted accepted = accept();
        List<ChatEvent> run = aWorkersRun(accepted.requestId(), accepted.conversationId());

        SseClient first = SseClient.open(eventsUrl(accepted.requestId()));
        worker.emit(run.get(0));
        worker.emit(run.get(1));
        await().atMost(BOUND).until(() -> first.ids().size() == 3);
        first.close();

        // Published while nobody listens: only the history has them now.
        worker.emit(run.get(2));
        worker.emit(run.get(3));

        try (SseClient second = SseClient.resume(eventsUrl(accepted.requestId()), "2")) {
            await().atMost(BOUND).until(() -> second.ids().size() == 2);
            worker.emit(run.get(4));

            await().atMost(BOUND).until(second::completed);
            assertThat(first.ids()).containsExactly("0", "1", "2");
            assertThat(second.ids()).containsExactly("3", "4", "5");
        }
    }

    @Test
    void lateSubscriberGetsTheWholeHistoryAndResumesByQueryParameter() {
        Accepted accepted = accept();
        aWorkersRun(accepted.requestId(), accepted.conversationId()).forEach(worker::emit);

        try (SseClient late = SseClient.open(eventsUrl(accepted.requestId()));
                SseClient resumed = SseClient.open(eventsUrl(accepted.requestId()) + "?lastEventId=3")) {
            await().atMost(BOUND).until(() -> late.completed() && resumed.completed());
            assertThat(late.ids()).containsExactly("0", "1", "2", "3", "4", "5");
            assertThat(resumed.ids()).containsExactly("4", "5");
        }
    }

    @Test
    void relaysEachEventsJsonAsTheWorkerWroteItLiveAndFromTheHistory() {
        Accepted accepted = accept();
        String requestId = accepted.requestId();
        // Fields in an order of their own and one this gateway does not know: parsing and writing the JSON again
        // would change both.
        String queued = "{\"seq\":1,\"type\":\"queued\",\"request_id\":\"" + requestId + "\",\"conversation_id\":\""
                + accepted.conversationId() + "\",\"timestamp\":\"2026-12-05T10:00:00Z\",\"added_later\":true}";
        String completed = "{\"type\":\"completed\",\"seq\":2,\"text\":\"Done.\",\"request_id\":\"" + requestId
                + "\",\"conversation_id\":\"" + accepted.conversationId()
                + "\",\"timestamp\":\"2026-12-05T10:00:01Z\",\"run_id\":\"resp_1\",\"added_later\":[1,2]}";

        try (SseClient live = SseClient.open(eventsUrl(requestId))) {
            await().atMost(BOUND).until(() -> live.ids().contains("0"));
            worker.emitRaw(requestId, accepted.conversationId(), 1, "queued", queued);
            worker.emitRaw(requestId, accepted.conversationId(), 2, "completed", completed);

            await().atMost(BOUND).until(live::completed);
            assertThat(live.types()).containsExactly("accepted", "queued", "completed");
            assertThat(live.events().subList(1, 3))
                    .extracting(ServerSentEvent::data)
                    .containsExactly(queued, completed);
        }
        try (SseClient late = SseClient.open(eventsUrl(requestId))) {
            await().atMost(BOUND).until(late::completed);
            assertThat(late.ids()).containsExactly("0", "1", "2");
            assertThat(late.events().subList(1, 3))
                    .extracting(ServerSentEvent::data)
                    .containsExactly(queued, completed);
        }
    }

    @Test
    void relaysTheEventsOfAWorkerOlderThanTheSeqHeaderLiveAndFromTheHistory() {
        Accepted accepted = accept();
        List<ChatEvent> run = aWorkersRun(accepted.requestId(), accepted.conversationId());

        try (SseClient live = SseClient.open(eventsUrl(accepted.requestId()))) {
            await().atMost(BOUND).until(() -> live.ids().contains("0"));
            run.subList(0, 2).forEach(worker::emitAsAnOlderWorker);
            await().atMost(BOUND).until(() -> live.ids().size() == 3);
            try (SseClient resumed = SseClient.resume(eventsUrl(accepted.requestId()), "0")) {
                await().atMost(BOUND).until(() -> resumed.ids().size() == 2);
                run.subList(2, run.size()).forEach(worker::emitAsAnOlderWorker);

                await().atMost(BOUND).until(() -> live.completed() && resumed.completed());
                assertThat(resumed.ids()).containsExactly("1", "2", "3", "4", "5");
            }
            assertThat(live.ids()).containsExactly("0", "1", "2", "3", "4", "5");
            assertThat(live.types()).containsExactly("accepted", "queued", "started", "delta", "delta", "completed");
        }
    }

    @Test
    void saysHistoryLostWhenTheHistoryExpired() {
        Accepted accepted = accept();
        worker.redis().del(keys().eventHistory(accepted.requestId()));
        worker.redis().hset(keys().requestState(accepted.requestId()), RequestStateFields.STATUS, "completed");

        try (SseClient client = SseClient.resume(eventsUrl(accepted.requestId()), "2")) {
            await().atMost(BOUND).until(client::completed);
            assertThat(client.types()).containsExactly("history_lost");
        }
    }

    @Test
    void answers404ForAnUnknownRequestInJsonToAClientThatAskedForAStream() {
        http().get()
                .uri("/v1/chats/req_nobody/events")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.error.code")
                .isEqualTo("unknown_request");
    }

    private Accepted accept() {
        Map<?, ?> body = http().post()
                .uri("/v1/chats")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(aChatBody(company, "Where is my order?"))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return new Accepted((String) body.get("requestId"), (String) body.get("conversationId"));
    }

    private String eventsUrl(String requestId) {
        return baseUrl() + "/v1/chats/" + requestId + "/events";
    }

    private record Accepted(String requestId, String conversationId) {}
}
