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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Emits a request's events: takes the next seq from the state hash (so seq rises across workers), appends the
 * event to the history stream, then publishes it to {@code chat.events}. History first: a subscriber that reads
 * history after subscribing to the topic misses nothing.
 */
final class EventSink {

    /** Builds an event once its seq and time are known. */
    @FunctionalInterface
    interface EventFactory {
        ChatEvent create(long seq, Instant at);
    }

    private final StringRedisTemplate redis;
    private final KafkaTemplate<String, byte[]> kafka;
    private final RedisKeys keys;
    private final TopicNames topics;
    private final Duration historyTtl;
    private final ChatCodec codec = ChatCodec.instance();

    EventSink(
            StringRedisTemplate redis,
            KafkaTemplate<String, byte[]> kafka,
            RedisKeys keys,
            TopicNames topics,
            Duration historyTtl) {
        this.redis = redis;
        this.kafka = kafka;
        this.keys = keys;
        this.topics = topics;
        this.historyTtl = historyTtl;
    }

    /** Emits an event; returns when Kafka acknowledged it if {@code await}, else at once. */
    ChatEvent emit(String requestId, EventFactory factory, boolean await) {
        Long seq = redis.opsForHash().increment(keys.requestState(requestId), RequestStateFields.SEQ, 1);
        ChatEvent event = factory.create(seq, Instant.now());
        String json = codec.toJson(event);
        String history = keys.eventHistory(requestId);
        redis.opsForStream()
                .add(StreamRecords.string(Map.of(
                                RequestStateFields.HISTORY_SEQ,
                                Long.toString(seq),
                                RequestStateFields.HISTORY_EVENT,
                                json))
                        .withStreamKey(history));
        redis.expire(history, historyTtl);
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(topics.events(), event.conversationId(), json.getBytes(StandardCharsets.UTF_8));
        record.headers().add(ChatHeaders.REQUEST_ID, requestId.getBytes(StandardCharsets.UTF_8));
        record.headers().add(ChatHeaders.EVENT_TYPE, event.type().wireName().getBytes(StandardCharsets.UTF_8));
        CompletableFuture<?> sent = kafka.send(record);
        if (await) {
            try {
                sent.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(
                        "chat.events did not acknowledge " + event.type().wireName(), e);
            }
        }
        return event;
    }
}
