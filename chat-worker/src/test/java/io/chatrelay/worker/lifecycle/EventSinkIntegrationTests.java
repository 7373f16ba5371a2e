package io.chatrelay.worker.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.EventType;
import io.chatrelay.testkit.LostReplyProxy;
import io.chatrelay.testkit.RealServices;
import io.chatrelay.testkit.RedisConnections;
import io.chatrelay.testkit.TestNames;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Events while the broker is away (a producer that cannot fetch metadata refuses a send at once): the history in real
 * Redis still gets every event, an event nobody waits for is not an error, and one the worker waits for fails as
 * {@link EventSink.Unacknowledged}, which the lifecycle knows how to take.
 */
class EventSinkIntegrationTests {

    private final TestNames names = TestNames.unique();
    private final RedisKeys keys = names.redisKeys();
    private LettuceConnectionFactory connections;
    private StringRedisTemplate redis;
    private DefaultKafkaProducerFactory<String, byte[]> producers;
    private Lease lease;
    private EventSink sink;

    @BeforeEach
    void start() {
        connections = RedisConnections.toRealRedis();
        redis = new StringRedisTemplate(connections);
        // Nothing listens on port 1: metadata never comes, and a send gives up after max.block.ms.
        producers = new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                "127.0.0.1:1",
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                300,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class));
        lease = new Lease(redis, keys, "worker-test", Duration.ofMinutes(1));
        sink = new EventSink(redis, new KafkaTemplate<>(producers), keys, lease, names.topics(), Duration.ofMinutes(5));
    }

    @AfterEach
    void stop() {
        lease.close();
        producers.destroy();
        connections.destroy();
    }

    @Test
    void keepsEventsInTheHistoryAndFailsOnlyAnAwaitedOneAsUnacknowledgedWhileTheBrokerIsAway() {
        String requestId = held(names.of("req"));

        sink.emit(requestId, (seq, at) -> new ChatEvent.Queued(requestId, "c-1", seq, at), false);
        assertThatThrownBy(() -> sink.emit(
                        requestId,
                        (seq, at) -> new ChatEvent.Completed(requestId, "c-1", seq, at, "resp_1", "Hello", null),
                        true))
                .isInstanceOf(EventSink.Unacknowledged.class)
                .hasMessage("chat.events did not acknowledge completed");

        assertThat(history(requestId)).containsExactly(EventType.QUEUED, EventType.COMPLETED);
    }

    @Test
    void appendsAnEventOnceWhenRedisExecutedItButTheReplyWasLostAndTheClientSentItAgain() {
        String requestId = held(names.of("req"));
        try (LostReplyProxy proxy = LostReplyProxy.start(
                RealServices.redis().host(), RealServices.redis().port())) {
            LettuceConnectionFactory proxied = RedisConnections.to(proxy.host(), proxy.port());
            try {
                EventSink sink = new EventSink(
                        new StringRedisTemplate(proxied),
                        new KafkaTemplate<>(producers),
                        keys,
                        lease,
                        names.topics(),
                        Duration.ofMinutes(5));
                sink.emit(requestId, (seq, at) -> new ChatEvent.Queued(requestId, "c-1", seq, at), false);

                // Redis appends the event, its answer is lost, and the client sends the command again after
                // reconnecting: as when Redis stops between executing a command and answering it.
                proxy.loseNextReply();
                sink.emit(
                        requestId,
                        (seq, at) -> new ChatEvent.Completed(requestId, "c-1", seq, at, "resp_1", "Hello", null),
                        false);
                assertThat(proxy.repliesLost()).isEqualTo(1);
            } finally {
                proxied.destroy();
            }
        }

        List<String> history = redis.opsForStream().range(keys.eventHistory(requestId), Range.unbounded()).stream()
                .map(entry -> {
                    ChatEvent event = ChatCodec.instance()
                            .readEvent(entry.getValue()
                                    .get(RequestStateFields.HISTORY_EVENT)
                                    .toString());
                    return event.type().wireName() + "#" + event.seq();
                })
                .toList();
        assertThat(history).containsExactly("queued#1", "completed#2");
    }

    @Test
    void appendsNothingForAWorkerWhoseLeaseWasTaken() {
        String requestId = held(names.of("req"));
        sink.emit(requestId, (seq, at) -> new ChatEvent.Queued(requestId, "c-1", seq, at), false);

        // The lease lapsed and another worker took it: this one must not end the request.
        redis.opsForValue().set(keys.lease(requestId), "worker-elsewhere");

        assertThatThrownBy(() -> sink.emit(
                        requestId,
                        (seq, at) -> new ChatEvent.Completed(requestId, "c-1", seq, at, "resp_1", "Hello", null),
                        false))
                .isInstanceOf(Lease.Lost.class);
        assertThat(history(requestId)).containsExactly(EventType.QUEUED);
    }

    private String held(String requestId) {
        assertThat(lease.acquire(requestId, new StopState(Duration.ofMinutes(1))))
                .isTrue();
        return requestId;
    }

    private List<EventType> history(String requestId) {
        return redis.opsForStream().range(keys.eventHistory(requestId), Range.unbounded()).stream()
                .map(entry -> ChatCodec.instance()
                        .readEvent(entry.getValue()
                                .get(RequestStateFields.HISTORY_EVENT)
                                .toString())
                        .type())
                .toList();
    }
}
