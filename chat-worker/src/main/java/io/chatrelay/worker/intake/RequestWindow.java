package io.chatrelay.worker.intake;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.ChatHeaders;
import io.chatrelay.common.wire.ChatRequest;
import io.chatrelay.common.wire.FailureCategory;
import io.chatrelay.worker.deadletter.DeadLetters;
import io.chatrelay.worker.lifecycle.ChatProcessor;
import io.chatrelay.worker.retry.UpstreamError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.Acknowledgment;

/**
 * The worker's sliding window over {@code chat.requests}: each record is handed to its conversation's queue and
 * the listener returns at once; a per-partition tracker acknowledges only the contiguous finished prefix; at
 * {@code maxInFlight} fetching pauses, below {@code resumeBelow} it resumes. Unreadable records go to the
 * dead-letter topic without holding up the listener.
 */
public final class RequestWindow implements ConsumerAwareRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(RequestWindow.class);
    /** How long abandoned turns get to close their streams and release their leases. */
    private static final Duration ABANDON_TIMEOUT = Duration.ofSeconds(10);

    private final ChatProcessor processor;
    private final Supplier<MessageListenerContainer> container;
    private final int maxInFlight;
    private final int resumeBelow;
    private final ConversationScheduler scheduler = new ConversationScheduler();
    private final Map<TopicPartition, PartitionTracker> trackers = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Bounds what runs at once: a poll batch may hand over more records than the limit before the pause lands. */
    private final Semaphore running;

    private boolean pausedForLoad;
    private boolean pausedForOutage;
    private boolean closing;

    public RequestWindow(
            ChatProcessor processor, Supplier<MessageListenerContainer> container, int maxInFlight, int resumeBelow) {
        this.processor = processor;
        this.container = container;
        this.maxInFlight = maxInFlight;
        this.resumeBelow = resumeBelow;
        this.running = new Semaphore(maxInFlight);
    }

    public int inFlight() {
        return inFlight.get();
    }

    void accept(ConsumerRecord<String, byte[]> record, Acknowledgment ack) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        PartitionTracker tracker = trackers.computeIfAbsent(partition, p -> new PartitionTracker());
        tracker.track(record.offset(), ack);
        ChatRequest request;
        try {
            request = ChatCodec.instance().readRequest(record.value());
            validate(request);
        } catch (RuntimeException e) {
            poison(record, partition, tracker, e);
            return;
        }
        DeadLetters.Origin origin = new DeadLetters.Origin(
                record.topic(),
                record.partition(),
                record.offset(),
                record.key(),
                request.requestId(),
                request.replayCount(),
                header(record, ChatHeaders.TRACEPARENT));
        inFlight.incrementAndGet();
        pauseIfFull();
        scheduler.submit(request.conversationId(), () -> {
            boolean settled = false;
            try {
                running.acquireUninterruptibly();
                try {
                    settled = processor.process(request, record.value(), origin);
                } finally {
                    running.release();
                }
            } finally {
                // A request left for the next owner stays unacknowledged, and so does everything after it. A revoked
                // partition has a new tracker (or none): its old acknowledgments must not be used.
                if (settled && trackers.get(partition) == tracker) {
                    tracker.finish(record.offset());
                }
                inFlight.decrementAndGet();
                resumeIfDrained();
            }
        });
    }

    /**
     * Shuts intake down: stops fetching, lets what is in flight finish within {@code drainTimeout}, then leaves the
     * rest, unacknowledged and checkpointed, for the partitions' next owner; returns whether everything finished.
     */
    public boolean shutDown(Duration drainTimeout) {
        synchronized (this) {
            closing = true;
            apply();
        }
        if (awaitIdle(drainTimeout)) {
            return true;
        }
        log.info("Leaving {} unfinished requests to the next owner of their partitions", inFlight.get());
        processor.abandonRunning();
        return awaitIdle(ABANDON_TIMEOUT);
    }

    /** Opens intake again after {@link #shutDown}: a stopped application context that is started again takes work. */
    public synchronized void open() {
        closing = false;
        apply();
    }

    private boolean awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return inFlight.get() == 0;
    }

    @Override
    public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        // Requests already running keep running (their lease protects them); their offsets are the new owner's now.
        partitions.forEach(trackers::remove);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(trackers::remove);
    }

    /** Pauses intake while the upstream is down (requests wait in Kafka), resumes when it is back. */
    public synchronized void upstreamDown(boolean down) {
        pausedForOutage = down;
        apply();
    }

    private synchronized void pauseIfFull() {
        if (!pausedForLoad && inFlight.get() >= maxInFlight) {
            pausedForLoad = true;
            log.info("Pausing intake at {} requests in flight", inFlight.get());
            apply();
        }
    }

    private synchronized void resumeIfDrained() {
        if (pausedForLoad && inFlight.get() < resumeBelow) {
            pausedForLoad = false;
            log.info("Resuming intake at {} requests in flight", inFlight.get());
            apply();
        }
    }

    private void apply() {
        MessageListenerContainer listener = container.get();
        if (listener == null) {
            return;
        }
        if (closing || pausedForLoad || pausedForOutage) {
            listener.pause();
        } else {
            listener.resume();
        }
    }

    /**
     * Dead-letters an unreadable record off the listener thread, in its key's turn: publishing waits for Kafka as long
     * as it takes, and the record is acknowledged only once the dead-letter topic has it.
     */
    private void poison(
            ConsumerRecord<String, byte[]> record,
            TopicPartition partition,
            PartitionTracker tracker,
            RuntimeException problem) {
        String reason = "Unreadable request: " + problem.getClass().getSimpleName()
                + (problem.getMessage() == null
                        ? ""
                        : ": " + problem.getMessage().lines().findFirst().orElse(""));
        log.warn("Dead-lettering record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
        Instant now = Instant.now();
        DeadLetters.Origin origin = new DeadLetters.Origin(
                record.topic(),
                record.partition(),
                record.offset(),
                record.key(),
                header(record, ChatHeaders.REQUEST_ID),
                0,
                header(record, ChatHeaders.TRACEPARENT));
        DeadLetters.Failure failure =
                new DeadLetters.Failure(FailureCategory.POISON, reason, UpstreamError.NONE, 0, now, now);
        byte[] value = record.value() == null ? new byte[0] : record.value();
        inFlight.incrementAndGet();
        scheduler.submit(record.key() == null ? "" : record.key(), () -> {
            boolean taken = false;
            try {
                taken = processor.deadLetterAsItCame(origin, value, failure);
            } finally {
                if (taken && trackers.get(partition) == tracker) {
                    tracker.finish(record.offset());
                }
                inFlight.decrementAndGet();
                resumeIfDrained();
            }
        });
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void validate(ChatRequest request) {
        if (request.requestId().isBlank()
                || request.conversationId().isBlank()
                || request.companySlug().isBlank()) {
            throw new IllegalArgumentException("requestId, conversationId and companySlug must not be blank");
        }
        if (request.message().isBlank()) {
            throw new IllegalArgumentException("message must not be blank");
        }
    }
}
