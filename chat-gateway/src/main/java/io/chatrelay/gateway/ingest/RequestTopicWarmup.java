package io.chatrelay.gateway.ingest;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Fetches the metadata of {@code chat.requests} once the broker answers, so that publishing a request never has to.
 *
 * <p>The producer's {@code send} returns at once, with a future, while it knows the topic's partitions (and its
 * buffer has room); only while it does not does it block, for up to {@code max.block.ms}, asking the broker. Once the
 * metadata is known the producer keeps it, even while the broker is away (the records wait in the buffer and fail
 * after {@code delivery.timeout.ms}), and {@code metadata.max.idle.ms} keeps an idle topic's metadata from being
 * dropped. So until this has succeeded the publisher sends from a thread that may block, and from then on from the
 * thread it is on: the event loop.
 */
final class RequestTopicWarmup implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RequestTopicWarmup.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final KafkaTemplate<String, byte[]> kafka;
    private final String topic;

    private volatile boolean known;
    private volatile boolean running;
    private Thread thread;

    RequestTopicWarmup(KafkaTemplate<String, byte[]> kafka, String topic) {
        this.kafka = kafka;
        this.topic = topic;
    }

    /** Whether the producer knows the topic's partitions, so that a send does not wait for the broker. */
    boolean metadataKnown() {
        return known;
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofVirtual().name("chat-requests-metadata").start(this::fetch);
    }

    private void fetch() {
        while (running && !known) {
            try {
                // Blocks up to max.block.ms while the broker does not answer.
                kafka.partitionsFor(topic);
                known = true;
            } catch (RuntimeException e) {
                log.debug("No metadata of {} yet: {}", topic, e.toString());
                LockSupport.parkNanos(RETRY.toNanos());
            }
        }
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
