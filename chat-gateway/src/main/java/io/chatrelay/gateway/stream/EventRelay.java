package io.chatrelay.gateway.stream;

import io.chatrelay.common.naming.ChatHeaders;
import io.chatrelay.gateway.consume.ConsumerLoop;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of {@code chat.events} and hands each event to this instance's subscribers of its request.
 *
 * <p>Every gateway instance needs every event, so there is no consumer group: the consumer assigns itself all
 * partitions and starts at their end (older events come from the history in Redis). Records are routed by the
 * request-id header, and a watched record's payload is forwarded as it came, framed by its seq and type headers; it
 * is parsed only when those are missing (a worker older than the seq header). A {@link ConsumerLoop} runs it, and
 * resumes it after a failure where it was.
 */
final class EventRelay implements ConsumerLoop.Work<Void, ByteBuffer> {

    private static final Logger log = LoggerFactory.getLogger(EventRelay.class);
    /** How often the partition list is read again, to pick up partitions added while running. */
    private static final Duration PARTITION_REFRESH = Duration.ofSeconds(30);

    private final String topic;
    private final Duration pollTimeout;
    private final SubscriberRegistry registry;

    private long nextRefresh;

    EventRelay(String topic, Duration pollTimeout, SubscriberRegistry registry) {
        this.topic = topic;
        this.pollTimeout = pollTimeout;
        this.registry = registry;
    }

    /**
     * The relay's consumer settings: no group, since offsets are never committed and every instance reads everything.
     */
    static Map<String, Object> consumerProperties(Map<String, Object> base) {
        Map<String, Object> properties = new HashMap<>(base);
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A fetch is answered as soon as one event is there (latency when quiet), and carries everything that came
        // meanwhile when busy (batches under load). While nothing comes the broker holds a fetch for up to a second: an
        // idle relay sends one fetch a second instead of two.
        properties.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
        properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 1000);
        // Every instance reads every event: hand over large batches per poll.
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return properties;
    }

    /**
     * The relay's consumer. The key (the conversation id) is not needed here, and a value is read in place, without
     * a copy, for the few records someone here watches: every instance reads every record of the topic.
     */
    static Consumer<Void, ByteBuffer> consumer(Map<String, Object> properties) {
        return new KafkaConsumer<>(properties, new KeyIgnored(), new ByteBufferDeserializer());
    }

    /**
     * Assigns every partition. At the first resume the relay starts at their end, and resolves it at once so that
     * events published from then on are seen; later it keeps its positions, so events published while it failed are
     * still relayed, and reads partitions added meanwhile from their start.
     */
    @Override
    public void resume(Consumer<Void, ByteBuffer> consumer, boolean first) {
        List<TopicPartition> partitions = partitions(consumer);
        if (partitions.isEmpty()) {
            // The gateway creates the topic at startup; until the broker has it, there is nothing to assign.
            throw new IllegalStateException(topic + " has no partitions yet");
        }
        if (first) {
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        } else {
            List<TopicPartition> added = partitions.stream()
                    .filter(p -> !consumer.assignment().contains(p))
                    .toList();
            if (!added.isEmpty()) {
                consumer.assign(partitions);
                // A new partition holds only events published after it appeared: read it from the start. (With no
                // partitions given, seekToBeginning would rewind every one.)
                consumer.seekToBeginning(added);
            }
        }
        nextRefresh = System.nanoTime() + PARTITION_REFRESH.toNanos();
    }

    @Override
    public void poll(Consumer<Void, ByteBuffer> consumer) {
        for (ConsumerRecord<Void, ByteBuffer> record : consumer.poll(pollTimeout)) {
            route(record);
        }
        if (System.nanoTime() - nextRefresh > 0) {
            resume(consumer, false);
        }
    }

    private void route(ConsumerRecord<Void, ByteBuffer> record) {
        Headers headers = record.headers();
        String requestId = text(headers.lastHeader(ChatHeaders.REQUEST_ID));
        if (requestId == null) {
            return;
        }
        List<Subscriber> subscribers = registry.of(requestId);
        if (subscribers.isEmpty()) {
            return;
        }
        WireEvent event;
        try {
            event = WireEvent.of(
                    text(headers.lastHeader(ChatHeaders.SEQ)),
                    text(headers.lastHeader(ChatHeaders.EVENT_TYPE)),
                    text(record.value()));
        } catch (RuntimeException e) {
            log.warn("Unreadable event at {}-{}@{}", record.topic(), record.partition(), record.offset());
            return;
        }
        subscribers.forEach(subscriber -> subscriber.offer(event));
    }

    private static String text(Header header) {
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String text(ByteBuffer value) {
        if (value.hasArray()) {
            return new String(
                    value.array(), value.arrayOffset() + value.position(), value.remaining(), StandardCharsets.UTF_8);
        }
        return StandardCharsets.UTF_8.decode(value.duplicate()).toString();
    }

    /** Reads no key: records are routed by their request-id header. */
    private static final class KeyIgnored implements Deserializer<Void> {

        @Override
        public Void deserialize(String topic, byte[] data) {
            return null;
        }

        @Override
        public Void deserialize(String topic, Headers headers, ByteBuffer data) {
            return null;
        }
    }

    private List<TopicPartition> partitions(Consumer<Void, ByteBuffer> consumer) {
        return consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
    }
}
