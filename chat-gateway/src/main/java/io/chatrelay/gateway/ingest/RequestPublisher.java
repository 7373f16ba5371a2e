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

    /** Completes when Kafka acknowledged the record (acks=all), fails when it did not in time. */
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
                    Mono<?> sent = Mono.fromFuture(() -> kafka.send(record));
                    return (metadataKnown.getAsBoolean() ? sent : sent.subscribeOn(Schedulers.boundedElastic()))
                            .timeout(timeout);
                })
                .then();
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
