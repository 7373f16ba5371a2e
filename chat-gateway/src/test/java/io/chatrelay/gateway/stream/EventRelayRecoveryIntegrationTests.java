package io.chatrelay.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chatrelay.common.naming.ChatHeaders;
import io.chatrelay.gateway.consume.ConsumerLoop;
import io.chatrelay.testkit.RealServices;
import io.chatrelay.testkit.TestNames;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import reactor.core.Disposable;

/**
 * The relay's loop through a broker outage, against the real broker: while the relay's calls time out (as the
 * partition lookup does after a long outage) it reports DOWN and keeps trying; once they are answered it relays again,
 * from where it was, without a restart.
 */
class EventRelayRecoveryIntegrationTests {

    private static final TestNames NAMES = TestNames.unique();
    private static final Duration BOUND = Duration.ofSeconds(30);

    private final String topic = NAMES.topicPrefix() + "relay-recovery.chat.events";
    private final SubscriberRegistry registry = new SubscriberRegistry(16);
    private final List<WireEvent> received = new CopyOnWriteArrayList<>();
    private BrokerAway relayCalls;
    private ConsumerLoop<Void, ByteBuffer> relay;
    private Disposable watching;

    @BeforeEach
    void startRelay() throws Exception {
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, RealServices.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        Map<String, Object> properties = EventRelay.consumerProperties(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServices.kafkaBootstrapServers()));
        relayCalls = new BrokerAway(new EventRelay(topic, Duration.ofMillis(100), registry));
        relay = new ConsumerLoop<>("relay-recovery", () -> EventRelay.consumer(properties), relayCalls, 0);
        watching = registry.register("req_recovery").events().subscribe(received::add);
        relay.start();
    }

    @AfterEach
    void stopRelay() {
        watching.dispose();
        relay.stop();
    }

    @Test
    void relaysWhatCameDuringAnOutageOnceTheBrokerAnswersAgain() throws Exception {
        await().atMost(BOUND).until(() -> relay.health().getStatus().equals(Status.UP));
        publish("req_recovery", 1);
        await().atMost(BOUND)
                .untilAsserted(
                        () -> assertThat(received).extracting(WireEvent::seq).containsExactly(1L));

        relayCalls.away = true;
        // Two failures in a row: the loop goes on after one, and says it is not reading.
        await().atMost(BOUND).untilAsserted(() -> {
            assertThat(relay.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(relay.health().getDetails())
                    .hasEntrySatisfying(
                            "failure", failure -> assertThat(failure).asString().contains("TimeoutException"))
                    .hasEntrySatisfying(
                            "failures", failures -> assertThat((int) failures).isGreaterThanOrEqualTo(2));
        });
        publish("req_recovery", 2);
        relayCalls.away = false;

        await().atMost(BOUND).untilAsserted(() -> {
            assertThat(received).extracting(WireEvent::seq).containsExactly(1L, 2L);
            assertThat(relay.health().getStatus()).isEqualTo(Status.UP);
        });
    }

    private void publish(String requestId, long seq) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServices.kafkaBootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                    topic,
                    "cnv_recovery",
                    ("{\"type\":\"delta\",\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8));
            record.headers().add(ChatHeaders.REQUEST_ID, requestId.getBytes(StandardCharsets.UTF_8));
            record.headers().add(ChatHeaders.SEQ, Long.toString(seq).getBytes(StandardCharsets.UTF_8));
            record.headers().add(ChatHeaders.EVENT_TYPE, "delta".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
    }

    /**
     * The relay, with its calls to the broker timing out while {@link #away} is set, as they do once a broker has been
     * away longer than the consumer's timeouts.
     */
    private static final class BrokerAway implements ConsumerLoop.Work<Void, ByteBuffer> {

        private final EventRelay relay;
        volatile boolean away;

        BrokerAway(EventRelay relay) {
            this.relay = relay;
        }

        @Override
        public void resume(Consumer<Void, ByteBuffer> consumer, boolean first) {
            timeOutWhileAway();
            relay.resume(consumer, first);
        }

        @Override
        public void poll(Consumer<Void, ByteBuffer> consumer) {
            timeOutWhileAway();
            relay.poll(consumer);
        }

        private void timeOutWhileAway() {
            if (away) {
                throw new TimeoutException("Timeout expired while fetching topic metadata");
            }
        }
    }
}
