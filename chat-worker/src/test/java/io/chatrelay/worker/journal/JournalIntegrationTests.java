package io.chatrelay.worker.journal;

import static io.chatrelay.worker.journal.JournalFixture.completed;
import static io.chatrelay.worker.journal.JournalFixture.delta;
import static io.chatrelay.worker.journal.JournalFixture.queued;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.common.naming.ChatHeaders;
import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.common.wire.Engine;
import io.chatrelay.common.wire.RequestStatus;
import io.chatrelay.testkit.LostReplyProxy;
import io.chatrelay.testkit.RealServices;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A request's journal on real Redis and a real broker: ordered pipelined writes, fencing, take-up, resends. */
@Tag(RealServices.REDIS_HEAVY)
class JournalIntegrationTests {

    private final JournalFixture fixture = new JournalFixture();

    @AfterEach
    void close() throws Exception {
        fixture.close();
    }

    @Test
    void writesPipelinedEventsInSeqOrderWithTheirStateAndSendsThemToKafkaInTheSameOrder() {
        Journal journal = fixture.journalWithBroker();
        ChatRequest request = fixture.anAcceptedRequest();
        HeldRequest held = fixture.takeUp(journal, request);

        held.append(Entry.of(queued(request)).status(RequestStatus.QUEUED));
        StringBuilder answer = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            held.append(Entry.of(delta(request, "w" + i + " ")));
            answer.append("w").append(i).append(' ');
        }
        held.end(Entry.of(completed(request, answer.toString()))
                .status(RequestStatus.COMPLETED)
                .set(RequestStateFields.ANSWER, answer.toString()));

        List<String> expected = new ArrayList<>();
        expected.add("queued#1");
        for (int seq = 2; seq <= 201; seq++) {
            expected.add("delta#" + seq);
        }
        expected.add("completed#202");
        assertThat(fixture.history(request)).containsExactlyElementsOf(expected);
        assertThat(fixture.state(request, RequestStateFields.STATUS)).isEqualTo("completed");
        assertThat(fixture.state(request, RequestStateFields.SEQ)).isEqualTo("202");
        assertThat(fixture.state(request, RequestStateFields.ANSWER)).isEqualTo(answer.toString());
        assertThat(fixture.redis.hasKey(fixture.keys.lease(request.requestId())))
                .isFalse();
        assertThat(kafkaEvents(request)).containsExactlyElementsOf(expected);
    }

    @Test
    void endsTheRequestInTheHistoryWhileTheBrokerIsAway() {
        Journal journal = fixture.journal("127.0.0.1:1", Duration.ofMinutes(1));
        ChatRequest request = fixture.anAcceptedRequest();
        HeldRequest held = fixture.takeUp(journal, request);

        held.append(Entry.of(queued(request)).status(RequestStatus.QUEUED));
        held.end(Entry.of(completed(request, "Hello")).status(RequestStatus.COMPLETED));

        assertThat(fixture.history(request)).containsExactly("queued#1", "completed#2");
        assertThat(fixture.state(request, RequestStateFields.STATUS)).isEqualTo("completed");
    }

    @Test
    void writesOnceWhenRedisRanAWriteButTheReplyWasLostAndTheClientSentItAgain() throws Exception {
        ChatRequest request = fixture.anAcceptedRequest();
        LostReplyProxy proxy = fixture.lostReplyProxy();
        HeldRequest held = fixture.takeUp(fixture.journalBehind(proxy), request);
        held.append(Entry.of(queued(request)));
        held.sync();

        // Redis runs the write, its answer is lost, and the client sends it again after reconnecting: as when Redis
        // stops between running a command and answering it.
        proxy.loseNextReply();
        held.end(Entry.of(completed(request, "Hello")).status(RequestStatus.COMPLETED));
        assertThat(proxy.repliesLost()).isEqualTo(1);

        assertThat(fixture.history(request)).containsExactly("queued#1", "completed#2");
        assertThat(fixture.state(request, RequestStateFields.STATUS)).isEqualTo("completed");
    }

    @Test
    void takesARequestUpWhenRedisTookTheLeaseButTheReplyWasLostAndTheClientSentItAgain() throws Exception {
        ChatRequest request = fixture.anAcceptedRequest();
        LostReplyProxy proxy = fixture.lostReplyProxy();
        Journal journal = fixture.journalBehind(proxy);

        // The resent take-up finds the lease it set the first time: it is this go's, not another worker's.
        proxy.loseNextReply();
        assertThat(journal.takeUp(request, null, null)).isInstanceOf(Journal.TakeUp.Taken.class);
        assertThat(proxy.repliesLost()).isEqualTo(1);
    }

    @Test
    void writesNothingForAGoWhoseLeaseWasTaken() {
        Journal journal = fixture.journalWithBroker();
        ChatRequest request = fixture.anAcceptedRequest();
        HeldRequest held = fixture.takeUp(journal, request);
        held.append(Entry.of(queued(request)).status(RequestStatus.QUEUED));
        held.sync();

        // The lease lapsed and another worker took it: this one must not end the request.
        fixture.redis.opsForValue().set(fixture.keys.lease(request.requestId()), "worker-elsewhere");
        held.append(Entry.of(completed(request, "Hello"))
                .status(RequestStatus.COMPLETED)
                .set(RequestStateFields.ANSWER, "Hello"));

        assertThatThrownBy(held::sync).isInstanceOf(JournalInterrupted.class).hasMessageContaining("lease");
        assertThat(held.interrupted()).isPresent();
        assertThatThrownBy(() -> held.append(Entry.of(delta(request, "more")))).isInstanceOf(JournalInterrupted.class);
        assertThat(fixture.history(request)).containsExactly("queued#1");
        assertThat(fixture.state(request, RequestStateFields.STATUS)).isEqualTo("queued");
        assertThat(fixture.state(request, RequestStateFields.ANSWER)).isNull();
    }

    @Test
    void refusesAWriteThatDoesNotFollowTheLastEventOfTheHistory() {
        Journal journal = fixture.journalWithBroker();
        ChatRequest request = fixture.anAcceptedRequest();
        HeldRequest held = fixture.takeUp(journal, request);
        // Events this go does not know of are in the history (written by a go whose writes it did not see).
        fixture.redis.opsForHash().put(fixture.keys.requestState(request.requestId()), RequestStateFields.SEQ, "5");

        held.append(Entry.of(queued(request)));

        assertThatThrownBy(held::sync)
                .isInstanceOf(JournalInterrupted.class)
                .hasMessageContaining("the history ends at seq 5, not 0");
        assertThat(fixture.history(request)).isEmpty();
    }

    @Test
    void takesTheLeaseOverFromItsOwnEarlierGoButWaitsForAnotherWorker() {
        Journal journal = fixture.journalWithBroker();
        ChatRequest request = fixture.anAcceptedRequest();
        HeldRequest first = fixture.takeUp(journal, request);

        assertThat(journal.takeUp(request, null, null)).isInstanceOf(Journal.TakeUp.Busy.class);
        HeldRequest second = ((Journal.TakeUp.Taken) journal.takeUp(request, null, first.writer())).request();
        first.append(Entry.of(queued(request)));

        assertThatThrownBy(first::sync).isInstanceOf(JournalInterrupted.class);
        second.append(Entry.of(queued(request)));
        second.sync();
        assertThat(fixture.history(request)).containsExactly("queued#1");
    }

    @Test
    void bindsAConversationOnceAndRefusesToBindItToAnotherThread() {
        Journal journal = fixture.journalWithBroker();
        ChatRequest request = fixture.anAcceptedRequest();
        HeldRequest held = fixture.takeUp(journal, request);
        held.stage(Entry.of(thread(request, "conv_first")).bind("conv_first", ""));
        held.sync();

        ChatRequest next = nextTurn(request, "req-next");
        HeldRequest nextHeld = fixture.takeUp(journal, next);
        assertThat(nextHeld.binding()).contains("conv_first");
        ChatRequest racing = nextTurn(request, "req-racing");
        HeldRequest racingHeld = fixture.takeUp(journal, racing);
        racingHeld.stage(Entry.of(thread(racing, "conv_second")).bind("conv_second", ""));

        assertThatThrownBy(racingHeld::sync)
                .isInstanceOf(JournalInterrupted.class)
                .hasMessageContaining("bound to conv_first");
        assertThat(fixture.history(racing)).isEmpty();
        assertThat(fixture.redis.opsForValue().get(fixture.keys.conversationThread(request.conversationId())))
                .isEqualTo("conv_first");
    }

    @Test
    void takesARequestUpAgainWithTheTextItDeliveredAndItsCancelFlag() {
        Journal journal = fixture.journalWithBroker();
        ChatRequest request = fixture.anAcceptedRequest();
        HeldRequest first = fixture.takeUp(journal, request);
        first.append(Entry.of(queued(request)).status(RequestStatus.QUEUED));
        first.append(Entry.of(delta(request, "Hel")).and(delta(request, "lo")).status(RequestStatus.RUNNING));
        first.sync();
        first.leave();
        fixture.redis.opsForValue().set(fixture.keys.cancelFlag(request.requestId()), "1");

        HeldRequest again = fixture.takeUp(journal, request);

        assertThat(again.deliveredText()).isEqualTo("Hello");
        assertThat(again.cancelRequested()).isTrue();
        assertThat(again.status()).contains(RequestStatus.RUNNING);
        again.end(Entry.of(completed(request, "Hello!")));
        assertThat(fixture.history(request)).containsExactly("queued#1", "delta#2", "delta#3", "completed#4");
    }

    private ChatRequest nextTurn(ChatRequest request, String name) {
        ChatRequest next = ChatRequest.of(
                fixture.names.of(name),
                request.conversationId(),
                request.companySlug(),
                "And then?",
                Map.of(),
                request.acceptedAt());
        fixture.redis
                .opsForHash()
                .putAll(
                        fixture.keys.requestState(next.requestId()),
                        Map.of(RequestStateFields.STATUS, "accepted", RequestStateFields.SEQ, "0"));
        return next;
    }

    private static Entry.EventFactory thread(ChatRequest request, String thread) {
        return (seq, at) -> new ChatEvent.ThreadBound(
                request.requestId(), request.conversationId(), seq, at, thread, Engine.RESPONSES);
    }

    /** The request's records on {@code chat.events}, as {@code type#seq} from their headers, in topic order. */
    private List<String> kafkaEvents(ChatRequest request) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServices.kafkaBootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = consumer
                    .partitionsFor(fixture.names.topics().events())
                    .stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<String> events = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (request.requestId().equals(header(record, ChatHeaders.REQUEST_ID))) {
                        events.add(header(record, ChatHeaders.EVENT_TYPE) + "#" + header(record, ChatHeaders.SEQ));
                    }
                }
            }
            return events;
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
