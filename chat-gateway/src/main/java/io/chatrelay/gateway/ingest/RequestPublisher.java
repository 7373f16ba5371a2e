package io.chatrelay.gateway.ingest;

import io.chatrelay.common.codec.ChatCodec;
import io.chatrelay.common.naming.ChatHeaders;
import io.chatrelay.common.naming.TopicNames;
import io.chatrelay.common.wire.ChatRequest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.ContextView;

/** Publishes accepted requests to {@code chat.requests}, keyed by conversation so a conversation stays in order. */
class RequestPublisher {

    private final KafkaTemplate<String, byte[]> kafka;
    private final TopicNames topics;
    private final Duration timeout;
    private final Propagator propagator;
    private final BooleanSupplier metadataKnown;

    /**
     * @param metadataKnown whether the producer knows the topic's partitions ({@link RequestTopicWarmup}), so that
     *     {@code send} returns without waiting for the broker
     */
    RequestPublisher(
            KafkaTemplate<String, byte[]> kafka,
            TopicNames topics,
            Duration timeout,
            Propagator propagator,
            BooleanSupplier metadataKnown) {
        this.kafka = kafka;
        this.topics = topics;
        this.timeout = timeout;
        this.propagator = propagator;
        this.metadataKnown = metadataKnown;
    }

    /**
     * Failed before the record reached the producer's buffer (no metadata within {@code max.block.ms}, a full
     * buffer, a record too large): Kafka cannot hold it.
     */
    static final class NotSent extends RuntimeException {
        NotSent(Throwable cause) {
            super("The request was not sent to Kafka: " + cause, cause, false, false);
        }
    }

    /**
     * Completes when Kafka acknowledged the record (acks=all). Fails with {@link NotSent} when the record never left
     * this process, and with anything else when it left without an acknowledgement in time: then Kafka may hold it or
     * not.
     */
    Mono<Void> publish(ChatRequest request) {
        return Mono.deferContextual(context -> {
                    ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                            topics.requests(),
                            request.conversationId(),
                            ChatCodec.instance().toBytes(request));
                    record.headers()
                            .add(ChatHeaders.REQUEST_ID, request.requestId().getBytes(StandardCharsets.UTF_8));
                    record.headers()
                            .add(ChatHeaders.COMPANY, request.companySlug().getBytes(StandardCharsets.UTF_8));
                    traceOf(context)
                            .ifPresent(trace -> propagator.inject(
                                    trace,
                                    record.headers(),
                                    (headers, name, value) ->
                                            headers.add(name, value.getBytes(StandardCharsets.UTF_8))));
                    // send() hands the record to the producer's buffer and returns, on the thread it is called on (the
                    // event loop), as long as the producer knows the topic's partitions; while it does not (before
                    // the warm-up reached the broker) it may block up to max.block.ms, so it is called from a thread
                    // that may block. The acknowledgement completes the future on the producer's network thread,
                    // which finishes the answer: no hop to another pool and back.
                    Mono<?> sent = Mono.defer(() -> sent(record));
                    return (metadataKnown.getAsBoolean() ? sent : sent.subscribeOn(Schedulers.boundedElastic()))
                            .timeout(timeout);
                })
                .then();
    }

    /**
     * Hands the record to the producer. A failure before the record is buffered completes the future before
     * {@code send} returns (or throws); every later one comes from the network thread.
     */
    private Mono<?> sent(ProducerRecord<String, byte[]> record) {
        CompletableFuture<?> future;
        try {
            future = kafka.send(record);
        } catch (RuntimeException e) {
            return Mono.error(new NotSent(e));
        }
        if (future.isCompletedExceptionally()) {
            return Mono.fromFuture(future).onErrorMap(NotSent::new);
        }
        return Mono.fromFuture(future);
    }

    /**
     * The trace of the HTTP exchange publishing the request, for the worker to continue. Written into the headers
     * here rather than by an observed Kafka template, whose cluster-id lookup would block a send while the broker is
     * unreachable.
     */
    private static Optional<TraceContext> traceOf(ContextView context) {
        return context.<Observation>getOrEmpty(ObservationThreadLocalAccessor.KEY)
                .map(observation -> observation
                        .getContextView()
                        .<TracingObservationHandler.TracingContext>get(TracingObservationHandler.TracingContext.class))
                .map(TracingObservationHandler.TracingContext::getSpan)
                .map(Span::context);
    }
}
