package io.chatrelay.worker;

import static io.chatrelay.worker.WorkerFixtures.aChatRequest;
import static io.chatrelay.worker.WorkerFixtures.accept;
import static io.chatrelay.worker.WorkerFixtures.header;
import static io.chatrelay.worker.WorkerFixtures.history;
import static io.chatrelay.worker.WorkerFixtures.replay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.ChatHeaders;
import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.ChatRequest;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Operators' replays from the dead-letter topic, as the worker takes them up. */
class ReplayIntegrationTests extends WorkerIntegrationTestSupport {

    @BeforeEach
    void seedProfile() {
        seedResponsesProfile();
    }

    @Test
    void replayOfAPermanentFailureCompletesOnceTheFaultIsGone() {
        // The simulator rejects this message once; the replay is the second attempt and goes through.
        ChatRequest request = aChatRequest(NAMES.of("c-replay-400"), "Once rejected [sim:fail=400x1]");
        accept(redis, keys, topics, request);
        awaitStatus(request, "dead_lettered");

        replay(topics, deadLetter(request.requestId()));

        awaitStatus(request, "completed");
        List<ChatEvent> events = history(redis, keys, request.requestId());
        List<ChatEvent> afterReplay = events.subList(indexOfDeadLettered(events) + 1, events.size());
        assertThat(afterReplay.getFirst()).isInstanceOf(ChatEvent.Queued.class);
        assertThat(afterReplay.getLast())
                .isInstanceOfSatisfying(
                        ChatEvent.Completed.class, c -> assertThat(c.text()).isEqualTo(answer(request)));
        assertThat(deltas(afterReplay)).isEqualTo(answer(request));
        assertThat(events).extracting(ChatEvent::seq).isSorted().doesNotHaveDuplicates();
        assertThat(SIMULATOR.counters().forRequest(request.requestId()).responses())
                .isEqualTo(1);
    }

    @Test
    void replayOfAnInsufficientQuotaFailureCompletesOnceTheQuotaIsBack() {
        ChatRequest request = aChatRequest(NAMES.of("c-replay-quota"), "No money yet [sim:fail=insufficient_quotax1]");
        accept(redis, keys, topics, request);
        awaitStatus(request, "dead_lettered");
        assertThat(header(deadLetter(request.requestId()), ChatHeaders.FAILURE_CATEGORY))
                .isEqualTo("quota_exceeded");

        replay(topics, deadLetter(request.requestId()));

        awaitStatus(request, "completed");
        assertThat(answer(request)).isNotBlank();
    }

    @Test
    void replayOfACompletedRequestReannouncesItsAnswerWithoutCallingTheUpstream() {
        ChatRequest request = aChatRequest(NAMES.of("c-replay-done"), "Already answered");
        accept(redis, keys, topics, request);
        awaitStatus(request, "completed");
        String answer = answer(request);
        var before = SIMULATOR.counters().forRequest(request.requestId());

        // As if an operator replayed a dead letter whose request had in fact completed.
        WorkerFixtures.publish(
                topics.requests(),
                request.conversationId(),
                ChatCodec.instance().toBytes(request.replayed()),
                request.requestId(),
                java.util.Map.of(ChatHeaders.REPLAY_COUNT, "1"));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> history(redis, keys, request.requestId()).stream()
                                .filter(ChatEvent.Completed.class::isInstance)
                                .count()
                        == 2);
        ChatEvent last = history(redis, keys, request.requestId()).getLast();
        assertThat(last)
                .isInstanceOfSatisfying(
                        ChatEvent.Completed.class, c -> assertThat(c.text()).isEqualTo(answer));
        assertThat(SIMULATOR.counters().forRequest(request.requestId())).isEqualTo(before);
        assertThat(before.responses()).isEqualTo(1);
    }

    @Test
    void replayThatFailsAgainReturnsToTheDeadLetterTopicWithItsReplayCountAndStopsThere() {
        ChatRequest request = aChatRequest(NAMES.of("c-replay-again"), "Always rejected [sim:fail=400]");
        accept(redis, keys, topics, request);
        awaitStatus(request, "dead_lettered");

        replay(topics, deadLetters(request.requestId(), 1).getLast());
        ConsumerRecord<String, byte[]> second =
                deadLetters(request.requestId(), 2).getLast();
        assertThat(header(second, ChatHeaders.REPLAY_COUNT)).isEqualTo("1");
        replay(topics, second);
        ConsumerRecord<String, byte[]> third =
                deadLetters(request.requestId(), 3).getLast();

        assertThat(header(third, ChatHeaders.REPLAY_COUNT)).isEqualTo("2");
        assertThat(ChatCodec.instance().readRequest(third.value()).replayCount())
                .isEqualTo(2);
        assertThat(header(third, ChatHeaders.FAILURE_CATEGORY)).isEqualTo("upstream_rejected");
        awaitStatus(request, "dead_lettered");
        // Nothing replays it by itself: the third dead letter is the last one.
        assertThat(WorkerFixtures.readAll(topics.deadLetters(), Duration.ofSeconds(3), Integer.MAX_VALUE / 2).stream()
                        .filter(r -> request.requestId().equals(header(r, ChatHeaders.REQUEST_ID)))
                        .count())
                .isEqualTo(3);
        assertThat(history(redis, keys, request.requestId()).stream()
                        .filter(ChatEvent.DeadLettered.class::isInstance)
                        .count())
                .isEqualTo(3);
    }

    private static int indexOfDeadLettered(List<ChatEvent> events) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i) instanceof ChatEvent.DeadLettered) {
                return i;
            }
        }
        throw new AssertionError("no dead_lettered event in " + events);
    }
}
