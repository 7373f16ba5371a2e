package io.chatrelay.gateway.ops;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.ChatHeaders;
import io.chatrelay.common.naming.TopicNames;
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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Dead letters published as the worker publishes them, and a probe of what replays put on {@code chat.requests}. */
public final class DeadLetterFixtures implements AutoCloseable {

    static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    /**
     * A failure as the worker's dead-letter headers state it.
     *
     * @param category failure category wire name
     * @param reason why
     * @param upstreamStatus upstream HTTP status, 0 for none
     * @param upstreamCode upstream error code, or null
     * @param lastFailureAt when the last attempt failed
     */
    public record Failure(
            String category, String reason, int upstreamStatus, String upstreamCode, Instant lastFailureAt) {

        public static Failure rejected(Instant at) {
            return new Failure("upstream_rejected", "400: invalid_request_error", 400, "invalid_request_error", at);
        }

        public static Failure quota(Instant at) {
            return new Failure("quota_exceeded", "429: insufficient_quota", 429, "insufficient_quota", at);
        }
    }

    private final TopicNames topics;
    private final KafkaProducer<String, byte[]> producer;

    public DeadLetterFixtures(TopicNames topics) {
        this.topics = topics;
        this.producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServices.kafkaBootstrapServers(), "acks", "all"),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    public static ChatRequest aRequest(String company, String conversationId, String message) {
        return ChatRequest.of(
                "req-" + UUID.randomUUID(), conversationId, company, message, Map.of("order", "42"), Instant.now());
    }

    /** Publishes the request to the dead-letter topic with the headers the worker writes. */
    public void deadLetter(ChatRequest request, Failure failure) {
        send(
                request.conversationId(),
                ChatCodec.instance().toBytes(request),
                request.requestId(),
                request.replayCount(),
                failure);
    }

    /** An unreadable record, dead-lettered as poison. */
    void poison(String conversationId, String requestId, String company, Instant at) {
        ProducerRecord<String, byte[]> record = record(
                conversationId,
                "{not json".getBytes(StandardCharsets.UTF_8),
                requestId,
                0,
                new Failure("poison", "Unreadable request: JsonParseException", 0, null, at));
        record.headers().add(ChatHeaders.COMPANY, company.getBytes(StandardCharsets.UTF_8));
        sendRecord(record);
    }

    private void send(String key, byte[] value, String requestId, int replayCount, Failure failure) {
        sendRecord(record(key, value, requestId, replayCount, failure));
    }

    private ProducerRecord<String, byte[]> record(
            String key, byte[] value, String requestId, int replayCount, Failure failure) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topics.deadLetters(), key, value);
        add(record, ChatHeaders.REQUEST_ID, requestId);
        add(record, ChatHeaders.REPLAY_COUNT, Integer.toString(replayCount));
        add(record, ChatHeaders.FAILURE_CATEGORY, failure.category());
        add(record, ChatHeaders.FAILURE_REASON, failure.reason());
        add(record, ChatHeaders.ATTEMPT, "1");
        if (failure.upstreamStatus() > 0) {
            add(record, ChatHeaders.UPSTREAM_STATUS, Integer.toString(failure.upstreamStatus()));
        }
        if (failure.upstreamCode() != null) {
            add(record, ChatHeaders.UPSTREAM_CODE, failure.upstreamCode());
            add(record, ChatHeaders.UPSTREAM_REQUEST_ID, "req_upstream_" + requestId);
        }
        add(
                record,
                ChatHeaders.FIRST_FAILURE_AT,
                failure.lastFailureAt().minusSeconds(1).toString());
        add(record, ChatHeaders.LAST_FAILURE_AT, failure.lastFailureAt().toString());
        add(record, ChatHeaders.ORIGINAL_TOPIC, topics.requests());
        add(record, ChatHeaders.ORIGINAL_PARTITION, "0");
        add(record, ChatHeaders.ORIGINAL_OFFSET, "7");
        add(record, ChatHeaders.TRACEPARENT, TRACEPARENT);
        return record;
    }

    private void sendRecord(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new AssertionError("publish failed", e);
        }
    }

    private static void add(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Every record of the conversation on {@code chat.requests}, in order. */
    List<ConsumerRecord<String, byte[]>> requestsOf(String conversationId) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServices.kafkaBootstrapServers()),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.requests()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (conversationId.equals(record.key())) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
