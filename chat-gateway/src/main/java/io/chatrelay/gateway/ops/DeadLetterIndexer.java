package io.chatrelay.gateway.ops;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Reads {@code chat.requests.DLT} into the {@link DeadLetterIndex}. Gateway instances share one consumer group, so
 * each record is indexed by one of them; offsets are committed only after Redis holds the batch, and indexing is
 * idempotent, so a crash in between only indexes a record twice. Resetting the group to the earliest offset rebuilds
 * the index from the topic.
 */
final class DeadLetterIndexer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterIndexer.class);
    /** How often the backlog gauge is read from Redis. */
    private static final Duration BACKLOG_EVERY = Duration.ofSeconds(5);
    /** How long to wait before polling again after Redis failed. */
    private static final Duration BACKOFF = Duration.ofSeconds(1);

    private final Map<String, Object> consumerProperties;
    private final String topic;
    private final Duration pollTimeout;
    private final DeadLetterIndex index;
    private final OpsMetrics metrics;

    private volatile boolean running;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    DeadLetterIndexer(
            Map<String, Object> consumerProperties,
            String groupId,
            String topic,
            Duration pollTimeout,
            DeadLetterIndex index,
            OpsMetrics metrics) {
        Map<String, Object> properties = new HashMap<>(consumerProperties);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        // A new group indexes the whole topic: that is how the index is (re)built.
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Commit only what Redis holds.
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumerProperties = properties;
        this.topic = topic;
        this.pollTimeout = pollTimeout;
        this.index = index;
        this.metrics = metrics;
    }

    @Override
    public void start() {
        consumer = new KafkaConsumer<>(consumerProperties, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        running = true;
        thread = Thread.ofPlatform().name("dead-letter-indexer").daemon().start(this::pollLoop);
    }

    @Override
    public void stop() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void pollLoop() {
        long nextBacklog = 0;
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(pollTimeout);
                try {
                    for (ConsumerRecord<String, byte[]> record : records) {
                        index(record);
                    }
                    if (!records.isEmpty()) {
                        consumer.commitSync();
                    }
                    if (System.nanoTime() > nextBacklog || !records.isEmpty()) {
                        metrics.backlog(index.backlog());
                        nextBacklog = System.nanoTime() + BACKLOG_EVERY.toNanos();
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // Redis (or the commit) failed: read the uncommitted records again rather than lose them.
                    log.warn("Indexing dead letters failed; retrying from the last commit", e);
                    rewind();
                    Thread.sleep(BACKOFF);
                }
            }
        } catch (WakeupException e) {
            // stop() woke the consumer up: leave the loop.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("The dead-letter indexer stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void index(ConsumerRecord<String, byte[]> record) {
        DeadLetter entry = DeadLetter.from(record);
        long result = index.index(entry);
        if (result > 0) {
            metrics.deadLettered(entry.category());
        }
        if (result == 2) {
            metrics.replay("dead_lettered_again");
        }
    }

    private void rewind() {
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
}
