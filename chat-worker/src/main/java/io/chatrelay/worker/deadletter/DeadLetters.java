package io.chatrelay.worker.deadletter;

import io.chatrelay.common.naming.ChatHeaders;
import io.chatrelay.common.naming.TopicNames;
import io.chatrelay.common.wire.FailureCategory;
import io.chatrelay.worker.retry.UpstreamError;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.core.KafkaTemplate;

/** Publishes a request to {@code chat.requests.DLT} with bounded headers saying why, and waits for Kafka. */
public final class DeadLetters {

    /**
     * Why a record is dead-lettered.
     *
     * @param category the failure category
     * @param reason a short description
     * @param upstream the upstream error details, or {@link UpstreamError#NONE}
     * @param attempts how many upstream attempts were made
     * @param firstFailureAt when the first attempt failed
     * @param lastFailureAt when the last attempt failed
     */
    public record Failure(
            FailureCategory category,
            String reason,
            UpstreamError upstream,
            int attempts,
            Instant firstFailureAt,
            Instant lastFailureAt) {}

    /**
     * Where the record came from.
     *
     * @param traceparent the W3C trace the record carried, for the events and the dead letter; null for none
     */
    public record Origin(
            String topic,
            int partition,
            long offset,
            String key,
            String requestId,
            int replayCount,
            String traceparent) {}

    /** The producer's own default for {@code delivery.timeout.ms}. */
    private static final long DEFAULT_DELIVERY_TIMEOUT_MS = 120_000;

    private final KafkaTemplate<String, byte[]> kafka;
    private final TopicNames topics;
    private final long waitMillis;

    public DeadLetters(KafkaTemplate<String, byte[]> kafka, TopicNames topics) {
        this.kafka = kafka;
        this.topics = topics;
        // The wait outlasts the producer's delivery timeout, by which the send has succeeded or failed for good: a
        // publish tried again after its wait ran out would put a second copy of the dead letter on the topic.
        Object delivery =
                kafka.getProducerFactory().getConfigurationProperties().get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG);
        this.waitMillis =
                (delivery == null ? DEFAULT_DELIVERY_TIMEOUT_MS : Long.parseLong(delivery.toString())) + 5_000;
    }

    public void publish(Origin origin, byte[] value, Failure failure) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topics.deadLetters(), origin.key(), value);
        Headers headers = record.headers();
        if (origin.requestId() != null) {
            add(headers, ChatHeaders.REQUEST_ID, origin.requestId());
        }
        add(headers, ChatHeaders.REPLAY_COUNT, Integer.toString(origin.replayCount()));
        add(headers, ChatHeaders.FAILURE_CATEGORY, failure.category().wireName());
        add(headers, ChatHeaders.FAILURE_REASON, failure.reason());
        add(headers, ChatHeaders.ATTEMPT, Integer.toString(failure.attempts()));
        if (failure.upstream().status() > 0) {
            add(
                    headers,
                    ChatHeaders.UPSTREAM_STATUS,
                    Integer.toString(failure.upstream().status()));
        }
        if (failure.upstream().code() != null) {
            add(headers, ChatHeaders.UPSTREAM_CODE, failure.upstream().code());
        }
        if (failure.upstream().requestId() != null) {
            add(headers, ChatHeaders.UPSTREAM_REQUEST_ID, failure.upstream().requestId());
        }
        add(headers, ChatHeaders.FIRST_FAILURE_AT, failure.firstFailureAt().toString());
        add(headers, ChatHeaders.LAST_FAILURE_AT, failure.lastFailureAt().toString());
        add(headers, ChatHeaders.ORIGINAL_TOPIC, origin.topic());
        add(headers, ChatHeaders.ORIGINAL_PARTITION, Integer.toString(origin.partition()));
        add(headers, ChatHeaders.ORIGINAL_OFFSET, Long.toString(origin.offset()));
        if (origin.traceparent() != null) {
            add(headers, ChatHeaders.TRACEPARENT, origin.traceparent());
        }
        try {
            kafka.send(record).get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable(origin, e);
        } catch (Exception e) {
            throw new Unavailable(origin, e);
        }
    }

    /** Kafka did not take the dead letter: the record must stay where it is until it does. */
    public static final class Unavailable extends RuntimeException {

        Unavailable(Origin origin, Throwable cause) {
            super("The dead-letter topic did not acknowledge request " + origin.requestId() + ": " + cause, cause);
        }
    }

    private static void add(Headers headers, String name, String value) {
        headers.add(name, ChatHeaders.bounded(value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }
}
