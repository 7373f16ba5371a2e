package io.chatrelay.worker.journal;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.ChatHeaders;
import io.chatrelay.common.naming.TopicNames;
import io.chatrelay.common.wire.ChatEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Sends written events to {@code chat.events} in the order their writes were answered, from one thread of its own:
 * a send that blocks (the broker's metadata missing) holds up other sends, never Redis or a turn. Each record carries
 * the request id, the event's type and seq (so the gateway relays it without parsing it) and the request's trace.
 */
final class EventFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventFeed.class);

    /** One event as written to the history. */
    record Encoded(long seq, String type, byte[] json) {

        static Encoded of(ChatEvent event) {
            return new Encoded(
                    event.seq(), event.type().wireName(), ChatCodec.instance().toBytes(event));
        }
    }

    private final KafkaTemplate<String, byte[]> kafka;
    private final TopicNames topics;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("event-feed").factory());

    EventFeed(KafkaTemplate<String, byte[]> kafka, TopicNames topics) {
        this.kafka = kafka;
        this.topics = topics;
    }

    /**
     * Sends {@code events} after those handed over before; {@code acknowledged} completes when Kafka acknowledged the
     * last of them, or exceptionally when it did not take one. The history holds them either way.
     */
    void publish(
            String requestId,
            String conversationId,
            String traceparent,
            List<Encoded> events,
            CompletableFuture<Void> acknowledged) {
        if (events.isEmpty()) {
            acknowledged.complete(null);
            return;
        }
        sender.execute(() -> {
            CompletableFuture<?> last = null;
            for (Encoded event : events) {
                ProducerRecord<String, byte[]> record =
                        new ProducerRecord<>(topics.events(), conversationId, event.json());
                Headers headers = record.headers();
                headers.add(ChatHeaders.REQUEST_ID, requestId.getBytes(StandardCharsets.UTF_8));
                headers.add(ChatHeaders.EVENT_TYPE, event.type().getBytes(StandardCharsets.UTF_8));
                headers.add(ChatHeaders.SEQ, Long.toString(event.seq()).getBytes(StandardCharsets.UTF_8));
                if (traceparent != null) {
                    headers.add(ChatHeaders.TRACEPARENT, traceparent.getBytes(StandardCharsets.UTF_8));
                }
                try {
                    last = kafka.send(record);
                } catch (RuntimeException e) {
                    // Not even taken (no metadata within max.block.ms): the same loss as an unacknowledged send.
                    log.warn(
                            "chat.events did not take {} (seq {}): {}; the history holds it",
                            event.type(),
                            event.seq(),
                            e.getMessage());
                    acknowledged.completeExceptionally(e);
                    return;
                }
            }
            last.whenComplete((result, failure) -> {
                if (failure == null) {
                    acknowledged.complete(null);
                } else {
                    acknowledged.completeExceptionally(failure);
                }
            });
        });
    }

    /**
     * Waits at most {@code timeout} for Kafka to acknowledge a request's last events. Not acknowledging is logged, not
     * thrown: the history holds the events, and subscribers that reconnect find them there.
     */
    static void awaitEnd(CompletableFuture<Void> acknowledged, Duration timeout) {
        try {
            acknowledged.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.warn("chat.events did not acknowledge the end of the request ({}); the history holds it", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        sender.shutdown();
    }
}
