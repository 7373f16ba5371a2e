package io.chatrelay.worker.lifecycle;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.ChatHeaders;
import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.naming.TopicNames;
import io.chatrelay.common.wire.ChatEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Emits a request's events, and reads back the answer they delivered. An event takes the next seq from the state hash
 * (so seq rises across workers), goes to the history stream, then to {@code chat.events}. History first: a subscriber
 * that reads history after subscribing to the topic misses nothing.
 */
final class EventSink {

    private static final Logger log = LoggerFactory.getLogger(EventSink.class);

    /** Builds an event once its seq and time are known. */
    @FunctionalInterface
    interface EventFactory {
        ChatEvent create(long seq, Instant at);
    }

    /**
     * Takes the next seq, appends the event to the history and refreshes its TTL in one round trip. The event is
     * written with seq 0 and the script puts the real seq in; a quote inside a JSON string is always escaped, so
     * the first {@code "seq":0,} is the event's own field.
     *
     * <p>The Redis client is at-least-once: when a connection drops after Redis ran a command but before the answer
     * arrived, it sends the command again on the new connection (a Redis restart does exactly that). Each append
     * therefore carries a token; one whose token is the last one appended already happened, and answers that append's
     * seq instead of adding the event a second time. One request's events are emitted one at a time, so the command
     * sent again is always the last one that ran.
     *
     * <p>Only the holder of the request's lease appends (KEYS[3] must hold ARGV[8]); anyone else gets -1.
     */
    private static final DefaultRedisScript<Long> APPEND = new DefaultRedisScript<>(
            "if redis.call('HGET', KEYS[1], ARGV[6]) == ARGV[7] then "
                    + "return tonumber(redis.call('HGET', KEYS[1], ARGV[1])) end "
                    + "if redis.call('GET', KEYS[3]) ~= ARGV[8] then return -1 end "
                    + "local seq = redis.call('HINCRBY', KEYS[1], ARGV[1], 1) "
                    + "redis.call('HSET', KEYS[1], ARGV[6], ARGV[7]) "
                    + "local json = string.gsub(ARGV[2], '\"seq\":0,', '\"seq\":' .. seq .. ',', 1) "
                    + "redis.call('XADD', KEYS[2], '*', ARGV[3], seq, ARGV[4], json) "
                    + "redis.call('PEXPIRE', KEYS[2], ARGV[5]) "
                    + "return seq",
            Long.class);

    private final StringRedisTemplate redis;
    private final KafkaTemplate<String, byte[]> kafka;
    private final RedisKeys keys;
    private final Lease lease;
    private final TopicNames topics;
    private final Duration historyTtl;
    private final ChatCodec codec = ChatCodec.instance();
    /** Append tokens: unique to this sink, then a counter. */
    private final String tokens = UUID.randomUUID() + ":";

    private final AtomicLong emitted = new AtomicLong();

    EventSink(
            StringRedisTemplate redis,
            KafkaTemplate<String, byte[]> kafka,
            RedisKeys keys,
            Lease lease,
            TopicNames topics,
            Duration historyTtl) {
        this.redis = redis;
        this.kafka = kafka;
        this.keys = keys;
        this.lease = lease;
        this.topics = topics;
        this.historyTtl = historyTtl;
    }

    /**
     * Emits an event; returns when Kafka acknowledged it if {@code await}, else at once. Throws {@link Lease.Lost},
     * emitting nothing, when this worker no longer holds the request's lease.
     */
    void emit(String requestId, EventFactory factory, boolean await) {
        ChatEvent event = factory.create(0, Instant.now());
        String draft = codec.toJson(event);
        Long seq = redis.execute(
                APPEND,
                List.of(keys.requestState(requestId), keys.eventHistory(requestId), lease.key(requestId)),
                RequestStateFields.SEQ,
                draft,
                RequestStateFields.HISTORY_SEQ,
                RequestStateFields.HISTORY_EVENT,
                Long.toString(historyTtl.toMillis()),
                RequestStateFields.LAST_EVENT_TOKEN,
                tokens + emitted.incrementAndGet(),
                lease.owner());
        if (seq == null || seq < 0) {
            throw new Lease.Lost(requestId);
        }
        String json = draft.replaceFirst("\"seq\":0,", "\"seq\":" + seq + ",");
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(topics.events(), event.conversationId(), json.getBytes(StandardCharsets.UTF_8));
        record.headers().add(ChatHeaders.REQUEST_ID, requestId.getBytes(StandardCharsets.UTF_8));
        record.headers().add(ChatHeaders.EVENT_TYPE, event.type().wireName().getBytes(StandardCharsets.UTF_8));
        CompletableFuture<?> sent;
        try {
            sent = kafka.send(record);
        } catch (RuntimeException e) {
            // The producer did not even take the record: no metadata within max.block.ms, the broker is away. The
            // history holds the event, so this is the same loss as an unacknowledged send, not a failed request.
            log.warn(
                    "chat.events did not take {} (seq {}): {}; the history holds it",
                    event.type().wireName(),
                    seq,
                    e.getMessage());
            sent = CompletableFuture.failedFuture(e);
        }
        if (await) {
            try {
                sent.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new Unacknowledged(
                        "chat.events did not acknowledge " + event.type().wireName(), e);
            }
        }
    }

    /**
     * Emits an event that ends a request. Once the history holds it, the end is a fact: when Kafka does not acknowledge
     * it (a broker restarting, or too slow to answer), subscribers still get it from the history when they reconnect,
     * so the request ends as it did rather than failing a second time.
     */
    void emitEnd(String requestId, EventFactory factory) {
        try {
            emit(requestId, factory, true);
        } catch (Unacknowledged e) {
            log.warn("{}; the event is in the history, where reconnecting subscribers find it", e.getMessage());
        }
    }

    /**
     * The text the delta events in the request's history carried, so a resumed turn repeats none of it. Deltas before
     * the last {@code dead_lettered} event belong to a run that failed, not to the one a replay starts.
     */
    String deliveredText(String requestId) {
        List<MapRecord<String, Object, Object>> history =
                redis.opsForStream().range(keys.eventHistory(requestId), Range.unbounded());
        StringBuilder text = new StringBuilder();
        if (history != null) {
            for (MapRecord<String, Object, Object> entry : history) {
                Object json = entry.getValue().get(RequestStateFields.HISTORY_EVENT);
                if (json == null) {
                    continue;
                }
                ChatEvent event = codec.readEvent(json.toString());
                if (event instanceof ChatEvent.DeltaEmitted delta) {
                    text.append(delta.text());
                } else if (event instanceof ChatEvent.DeadLettered) {
                    text.setLength(0);
                }
            }
        }
        return text.toString();
    }

    /** Kafka did not acknowledge an event that the history already holds. */
    static final class Unacknowledged extends RuntimeException {

        Unacknowledged(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
