package io.chatrelay.gateway.ingest;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.ChatHeaders;
import io.chatrelay.common.naming.TopicNames;
import io.chatrelay.common.wire.ChatRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Publishes accepted requests to {@code chat.requests}, keyed by conversation so a conversation stays in order. */
class RequestPublisher {

    private final KafkaTemplate<String, byte[]> kafka;
    private final TopicNames topics;
    private final Duration timeout;

    RequestPublisher(KafkaTemplate<String, byte[]> kafka, TopicNames topics, Duration timeout) {
        this.kafka = kafka;
        this.topics = topics;
        this.timeout = timeout;
    }

    /** Completes when Kafka acknowledged the record (acks=all), fails when it did not in time. */
    Mono<Void> publish(ChatRequest request) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                topics.requests(),
                request.conversationId(),
                ChatCodec.instance().toBytes(request));
        record.headers().add(ChatHeaders.REQUEST_ID, request.requestId().getBytes(StandardCharsets.UTF_8));
        record.headers().add(ChatHeaders.COMPANY, request.companySlug().getBytes(StandardCharsets.UTF_8));
        // send() can block for max.block.ms while metadata is missing (broker down): keep that off the event loop.
        // The acknowledgement completes the future on the producer's single network thread; the rest of the answer
        // is built elsewhere, so that this thread goes back to sending for every other request at once.
        return Mono.fromFuture(() -> kafka.send(record))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(timeout)
                .publishOn(Schedulers.parallel())
                .then();
    }
}
