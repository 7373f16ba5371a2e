package io.chatrelay.gateway.ops;

import io.chatrelay.gateway.consume.ConsumerLoop;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code chat.requests.DLT} into the {@link DeadLetterIndex}. Gateway instances share one consumer group, so
 * each record is indexed by one of them; offsets are committed only after Redis holds the batch, and indexing is
 * idempotent, so a crash in between only indexes a record twice. Resetting the group to the earliest offset rebuilds
 * the index from the topic. A {@link ConsumerLoop} runs it; after a failure (Redis or the commit) it reads again from
 * the last commit rather than lose the uncommitted records.
 */
final class DeadLetterIndexer implements ConsumerLoop.Work<String, byte[]> {

    /** How often the backlog gauge is read from Redis. */
    private static final Duration BACKLOG_EVERY = Duration.ofSeconds(5);

    private final String topic;
    private final Duration pollTimeout;
    private final DeadLetterIndex index;
    private final OpsMetrics metrics;

    private long nextBacklog;

    DeadLetterIndexer(String topic, Duration pollTimeout, DeadLetterIndex index, OpsMetrics metrics) {
        this.topic = topic;
        this.pollTimeout = pollTimeout;
        this.index = index;
        this.metrics = metrics;
    }

    /** The indexer's consumer, in the group the gateway instances share. */
    static Consumer<String, byte[]> consumer(Map<String, Object> base, String groupId) {
        Map<String, Object> properties = new HashMap<>(base);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        // A new group indexes the whole topic: that is how the index is (re)built.
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Commit only what Redis holds.
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void resume(Consumer<String, byte[]> consumer, boolean first) {
        if (first) {
            consumer.subscribe(List.of(topic));
            return;
        }
        var committed = consumer.committed(consumer.assignment());
        for (var partition : consumer.assignment()) {
            var offset = committed.get(partition);
            if (offset == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, offset.offset());
            }
        }
    }

    @Override
    public void poll(Consumer<String, byte[]> consumer) {
        ConsumerRecords<String, byte[]> records = consumer.poll(pollTimeout);
        for (ConsumerRecord<String, byte[]> record : records) {
            index(record);
        }
        if (!records.isEmpty()) {
            consumer.commitSync();
        }
        if (System.nanoTime() - nextBacklog > 0 || !records.isEmpty()) {
            metrics.backlog(index.backlog());
            nextBacklog = System.nanoTime() + BACKLOG_EVERY.toNanos();
        }
    }

    private void index(ConsumerRecord<String, byte[]> record) {
        DeadLetter entry = DeadLetter.from(record);
        switch (index.index(entry)) {
            case SKIPPED -> {}
            case OPENED -> metrics.deadLettered(entry.category());
            case OPENED_AFTER_REPLAY -> {
                metrics.deadLettered(entry.category());
                metrics.replay("dead_lettered_again");
            }
        }
    }
}
