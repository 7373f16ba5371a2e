package io.chatrelay.worker.journal;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.testkit.LostReplyProxy;
import io.chatrelay.testkit.RealServices;
import io.chatrelay.testkit.RedisConnections;
import io.chatrelay.testkit.TestNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Journals on real Redis and a real broker (or, for a broker away, an address where none listens), with unique names
 * per test; closes everything it opened.
 */
final class JournalFixture implements AutoCloseable {

    final TestNames names = TestNames.unique();
    final RedisKeys keys = names.redisKeys();
    final LettuceConnectionFactory connections = RedisConnections.toRealRedis();
    final StringRedisTemplate redis = new StringRedisTemplate(connections);
    private final List<AutoCloseable> opened = new ArrayList<>();

    /** A journal on real Redis whose events go to {@code bootstrapServers}. */
    Journal journal(String bootstrapServers, Duration leaseTtl) {
        return journal(connections, bootstrapServers, leaseTtl);
    }

    Journal journal(RedisConnectionFactory redisConnections, String bootstrapServers, Duration leaseTtl) {
        DefaultKafkaProducerFactory<String, byte[]> producers = new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                // Where no broker listens, metadata never comes: a send gives up after this.
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                300,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class));
        opened.add(producers::destroy);
        Journal journal = new Journal(
                redisConnections,
                keys,
                new KafkaTemplate<>(producers),
                names.topics(),
                names.of("worker"),
                leaseTtl,
                new Journal.Settings(Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofSeconds(1)));
        opened.addFirst(journal);
        return journal;
    }

    /**
     * A journal whose Redis connection runs through {@code proxy}, already connected (so that the next answer the proxy
     * loses is a journal command's), with no broker for its events.
     */
    Journal journalBehind(LostReplyProxy proxy) {
        LettuceConnectionFactory proxied = RedisConnections.to(proxy.host(), proxy.port());
        opened.add(proxied::destroy);
        Journal journal = journal(proxied, "127.0.0.1:1", Duration.ofMinutes(1));
        try (var connection = proxied.getConnection()) {
            connection.ping();
        }
        return journal;
    }

    /**
     * A proxy before the real Redis that can lose one answer; closed with the fixture. It stands before the standalone
     * Redis only: on the cluster switch, the test that asks for it is skipped.
     */
    LostReplyProxy lostReplyProxy() {
        assumeFalse(RealServices.onRedisCluster(), "a lost-reply proxy stands before the standalone Redis only");
        LostReplyProxy proxy = LostReplyProxy.start(
                RealServices.redis().host(), RealServices.redis().port());
        opened.add(proxy);
        return proxy;
    }

    Journal journalWithBroker() {
        return journal(RealServices.kafkaBootstrapServers(), Duration.ofMinutes(1));
    }

    /** A new request whose gateway record exists: state {@code accepted} with seq 0. */
    ChatRequest anAcceptedRequest() {
        ChatRequest request =
                ChatRequest.of(names.of("req"), names.of("cnv"), "acme", "Hello", Map.of(), Instant.now());
        redis.opsForHash()
                .putAll(
                        keys.requestState(request.requestId()),
                        Map.of(RequestStateFields.STATUS, "accepted", RequestStateFields.SEQ, "0"));
        return request;
    }

    HeldRequest takeUp(Journal journal, ChatRequest request) {
        return ((Journal.TakeUp.Taken) journal.takeUp(request, null, null)).request();
    }

    static Entry.EventFactory queued(ChatRequest request) {
        return (seq, at) -> new ChatEvent.Queued(request.requestId(), request.conversationId(), seq, at);
    }

    static Entry.EventFactory delta(ChatRequest request, String text) {
        return (seq, at) -> new ChatEvent.DeltaEmitted(request.requestId(), request.conversationId(), seq, at, text);
    }

    static Entry.EventFactory completed(ChatRequest request, String text) {
        return (seq, at) ->
                new ChatEvent.Completed(request.requestId(), request.conversationId(), seq, at, "resp_1", text, null);
    }

    /** The history as {@code type#seq}, from each entry's fields; checks that each entry's JSON agrees. */
    List<String> history(ChatRequest request) {
        return redis.opsForStream().range(keys.eventHistory(request.requestId()), Range.unbounded()).stream()
                .map(entry -> {
                    Map<Object, Object> fields = entry.getValue();
                    ChatEvent event = ChatCodec.instance()
                            .readEvent(
                                    fields.get(RequestStateFields.HISTORY_EVENT).toString());
                    String type = fields.get(RequestStateFields.HISTORY_TYPE).toString();
                    String seq = fields.get(RequestStateFields.HISTORY_SEQ).toString();
                    if (!type.equals(event.type().wireName()) || Long.parseLong(seq) != event.seq()) {
                        throw new AssertionError("History entry fields disagree with its event: " + fields);
                    }
                    return type + "#" + seq;
                })
                .toList();
    }

    Object state(ChatRequest request, String field) {
        return redis.opsForHash().get(keys.requestState(request.requestId()), field);
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        connections.destroy();
    }
}
