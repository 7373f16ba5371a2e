package io.chatrelay.gateway.support;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.ChatHeaders;
import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.RequestStateFields;
import io.chatrelay.common.naming.TopicNames;
import io.chatrelay.common.wire.AssistantProfile;
import io.chatrelay.common.wire.ChatEvent;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.testkit.RealRedisClient;
import io.chatrelay.testkit.RealServices;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays the worker's side of the shared contract against the real broker and Redis: reads {@code chat.requests},
 * appends events to a request's history and then publishes them to {@code chat.events}, as a worker does.
 */
public final class WorkerDouble implements AutoCloseable {

    private final TopicNames topics;
    private final RedisKeys keys;
    private final KafkaProducer<String, byte[]> producer;
    private final RealRedisClient redisClient;
    private final java.util.Set<String> completed = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public WorkerDouble(TopicNames topics, RedisKeys keys) {
        this.topics = topics;
        this.keys = keys;
        this.producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        RealServices.kafkaBootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new ByteArraySerializer());
        this.redisClient = RealRedisClient.open();
    }

    public RedisClusterCommands<String, String> redis() {
        return redisClient.commands();
    }

    /** How often Redis ran each of {@code commands} since it started (every master of a cluster together). */
    public long redisCalls(String... commands) {
        return redisClient.calls(commands);
    }

    /** Stores a company profile the way operators (or the seed) do. */
    public void registerCompany(String slug) {
        redis().set(
                        keys.companyProfile(slug),
                        ChatCodec.instance().toJson(AssistantProfile.responses("gpt-4.1-mini", null)));
    }

    /**
     * Appends the event to the history, updates the state (seq; status on {@code queued}, {@code completed} and
     * {@code dead_lettered}), then publishes it: the worker's order, with the worker's history fields (seq, type,
     * event) and headers (request id, type, seq).
     */
    public void emit(ChatEvent event) {
        emit(event, true);
    }

    /**
     * As {@link #emit}, the way a worker older than the seq header wrote events: no {@code type} field in the history
     * and no seq header, so that readers have to parse the JSON.
     */
    public void emitAsAnOlderWorker(ChatEvent event) {
        emit(event, false);
    }

    /**
     * Appends and publishes an event's JSON exactly as given, with the worker's fields and headers, and nothing else
     * (the state stays as it is): for checking that readers pass the bytes on untouched.
     */
    public void emitRaw(String requestId, String conversationId, long seq, String type, String json) {
        redis().xadd(
                        keys.eventHistory(requestId),
                        RequestStateFields.HISTORY_SEQ,
                        Long.toString(seq),
                        RequestStateFields.HISTORY_TYPE,
                        type,
                        RequestStateFields.HISTORY_EVENT,
                        json);
        publish(requestId, conversationId, seq, type, json.getBytes(StandardCharsets.UTF_8), true);
    }

    /** Records an event in the history and state only, as when its Kafka record was lost. */
    public void recordWithoutPublishing(ChatEvent event) {
        record(event, true);
    }

    private void emit(ChatEvent event, boolean withSeqAndType) {
        String json = record(event, withSeqAndType);
        publish(
                event.requestId(),
                event.conversationId(),
                event.seq(),
                event.type().wireName(),
                json.getBytes(StandardCharsets.UTF_8),
                withSeqAndType);
    }

    /** Writes an event to the request's history and state as a worker does; answers its JSON. */
    private String record(ChatEvent event, boolean withSeqAndType) {
        String json = ChatCodec.instance().toJson(event);
        if (withSeqAndType) {
            redis().xadd(
                            keys.eventHistory(event.requestId()),
                            RequestStateFields.HISTORY_SEQ,
                            Long.toString(event.seq()),
                            RequestStateFields.HISTORY_TYPE,
                            event.type().wireName(),
                            RequestStateFields.HISTORY_EVENT,
                            json);
        } else {
            redis().xadd(
                            keys.eventHistory(event.requestId()),
                            RequestStateFields.HISTORY_SEQ,
                            Long.toString(event.seq()),
                            RequestStateFields.HISTORY_EVENT,
                            json);
        }
        redis().hset(keys.requestState(event.requestId()), RequestStateFields.SEQ, Long.toString(event.seq()));
        if (event instanceof ChatEvent.Queued) {
            redis().hset(keys.requestState(event.requestId()), RequestStateFields.STATUS, "queued");
        }
        if (event instanceof ChatEvent.DeadLettered) {
            redis().hset(keys.requestState(event.requestId()), RequestStateFields.STATUS, "dead_lettered");
        }
        if (event instanceof ChatEvent.Completed completed) {
            redis().hset(
                            keys.requestState(event.requestId()),
                            Map.of(
                                    RequestStateFields.STATUS,
                                    "completed",
                                    RequestStateFields.ANSWER,
                                    completed.text()));
        }
        return json;
    }

    private void publish(String requestId, String conversationId, long seq, String type, byte[] json, boolean withSeq) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topics.events(), conversationId, json);
        record.headers().add(ChatHeaders.REQUEST_ID, requestId.getBytes(StandardCharsets.UTF_8));
        record.headers().add(ChatHeaders.EVENT_TYPE, type.getBytes(StandardCharsets.UTF_8));
        if (withSeq) {
            record.headers().add(ChatHeaders.SEQ, Long.toString(seq).getBytes(StandardCharsets.UTF_8));
        }
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("publish failed", e);
        }
    }

    /** The request published for a request id, with its key and request-id header; empty if none within 20 s. */
    public Optional<Published> published(String requestId) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                RealServices.kafkaBootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest");
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.requests()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            List<Published> found = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Header header = record.headers().lastHeader(ChatHeaders.REQUEST_ID);
                    String id = header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
                    if (requestId.equals(id)) {
                        found.add(new Published(
                                record.key(), id, ChatCodec.instance().readRequest(record.value())));
                    }
                }
                boolean caughtUp = partitions.stream()
                        .allMatch(p -> consumer.position(p)
                                >= consumer.endOffsets(List.of(p)).get(p));
                if (caughtUp) {
                    break;
                }
            }
            return found.stream().findFirst();
        }
    }

    /**
     * Waits (up to 20 s) for a request of the conversation on {@code chat.requests} that it did not complete yet, then
     * completes it.
     */
    public void awaitAndComplete(String conversationId, String answer) {
        awaitAndComplete(conversationId, answer, Instant.MIN);
    }

    /**
     * As {@link #awaitAndComplete(String, String)}, completing the request no earlier than {@code at}: a run that
     * takes the upstream that long.
     */
    public void awaitAndComplete(String conversationId, String answer, Instant at) {
        Map<String, Object> config =
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServices.kafkaBootstrapServers());
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.requests()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (conversationId.equals(record.key())) {
                        ChatRequest request = ChatCodec.instance().readRequest(record.value());
                        if (!completed.add(request.requestId())) {
                            continue;
                        }
                        Duration untilDue = Duration.between(Instant.now(), at);
                        if (untilDue.isPositive()) {
                            // The upstream's latency, played by this thread; nothing here waits for async work.
                            LockSupport.parkNanos(untilDue.toNanos());
                        }
                        emit(new ChatEvent.Completed(
                                request.requestId(), conversationId, 1, Instant.now(), "resp_1", answer, null));
                        return;
                    }
                }
            }
        }
    }

    /** How many records of the request are on {@code chat.requests}. */
    public long publishedCount(String requestId) {
        Map<String, Object> config =
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServices.kafkaBootstrapServers());
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.requests()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long count = 0;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Header header = record.headers().lastHeader(ChatHeaders.REQUEST_ID);
                    if (header != null && requestId.equals(new String(header.value(), StandardCharsets.UTF_8))) {
                        count++;
                    }
                }
            }
            return count;
        }
    }

    /**
     * A record found on {@code chat.requests}.
     *
     * @param key the record key
     * @param requestIdHeader the request-id header
     * @param request the payload
     */
    public record Published(String key, String requestIdHeader, ChatRequest request) {}

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        redisClient.close();
    }
}
