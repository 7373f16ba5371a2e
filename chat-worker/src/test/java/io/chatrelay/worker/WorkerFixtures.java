package io.chatrelay.worker;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.ChatHeaders;
import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.naming.TopicNames;
import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.testkit.RealServices;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Named builders and probes for worker tests: requests in, events and dead letters out. */
final class WorkerFixtures {

    private static KafkaProducer<String, byte[]> producer;

    private WorkerFixtures() {}

    static ChatRequest aChatRequest(String conversationId, String message) {
        return ChatRequest.of("req-" + UUID.randomUUID(), conversationId, "acme", message, Map.of(), Instant.now());
    }

    /** What the gateway does on accept: state hash, then the request on {@code chat.requests}. */
    static void accept(StringRedisTemplate redis, RedisKeys keys, TopicNames topics, ChatRequest request) {
        accept(redis, keys, topics, request, Map.of());
    }

    /** {@link #accept} with extra record headers, such as a trace context. */
    static void accept(
            StringRedisTemplate redis,
            RedisKeys keys,
            TopicNames topics,
            ChatRequest request,
            Map<String, String> headers) {
        redis.opsForHash()
                .putAll(
                        keys.requestState(request.requestId()),
                        Map.of(
                                RequestStateFields.STATUS,
                                "accepted",
                                RequestStateFields.SEQ,
                                "0",
                                RequestStateFields.COMPANY,
                                request.companySlug(),
                                RequestStateFields.CONVERSATION_ID,
                                request.conversationId()));
        publish(
                topics.requests(),
                request.conversationId(),
                ChatCodec.instance().toBytes(request),
                request.requestId(),
                headers);
    }

    static void publish(String topic, String key, byte[] value, String requestId) {
        publish(topic, key, value, requestId, Map.of());
    }

    static synchronized void publish(
            String topic, String key, byte[] value, String requestId, Map<String, String> headers) {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    RealServices.kafkaBootstrapServers(),
                    ProducerConfig.ACKS_CONFIG,
                    "all",
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                    StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                    ByteArraySerializer.class));
        }
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        if (requestId != null) {
            record.headers().add(ChatHeaders.REQUEST_ID, requestId.getBytes(StandardCharsets.UTF_8));
        }
        headers.forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new AssertionError("publish failed", e);
        }
    }

    /**
     * What the gateway's replay does with a dead letter: the request with its replay count raised, back on
     * {@code chat.requests} under its conversation, with the replay-count header and its trace but no failure headers.
     */
    static ChatRequest replay(TopicNames topics, ConsumerRecord<String, byte[]> deadLetter) {
        ChatRequest replayed =
                ChatCodec.instance().readRequest(deadLetter.value()).replayed();
        Map<String, String> headers = new java.util.HashMap<>();
        headers.put(ChatHeaders.REPLAY_COUNT, Integer.toString(replayed.replayCount()));
        String trace = header(deadLetter, ChatHeaders.TRACEPARENT);
        if (trace != null) {
            headers.put(ChatHeaders.TRACEPARENT, trace);
        }
        publish(
                topics.requests(),
                replayed.conversationId(),
                ChatCodec.instance().toBytes(replayed),
                replayed.requestId(),
                headers);
        return replayed;
    }

    static String status(StringRedisTemplate redis, RedisKeys keys, String requestId) {
        Object status = redis.opsForHash().get(keys.requestState(requestId), RequestStateFields.STATUS);
        return status == null ? "" : status.toString();
    }

    /** The request's events from its Redis history, in order. */
    static List<ChatEvent> history(StringRedisTemplate redis, RedisKeys keys, String requestId) {
        List<MapRecord<String, Object, Object>> entries =
                redis.opsForStream().range(keys.eventHistory(requestId), Range.unbounded());
        List<ChatEvent> events = new ArrayList<>();
        if (entries != null) {
            for (MapRecord<String, Object, Object> entry : entries) {
                events.add(ChatCodec.instance()
                        .readEvent(entry.getValue()
                                .get(RequestStateFields.HISTORY_EVENT)
                                .toString()));
            }
        }
        return events;
    }

    /** Every record on {@code topic} from the start, read for at most {@code wait}. */
    static List<ConsumerRecord<String, byte[]>> readAll(String topic, Duration wait, int expected) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                RealServices.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + wait.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
