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

    RequestPublisher(KafkaTemplate<String, byte[]> kafka, TopicNames topics, Duration timeout, Propagator propagator) {
        this.kafka = kafka;
        this.topics = topics;
        this.timeout = timeout;
        this.propagator = propagator;
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
                    // send() can block for max.block.ms while metadata is missing (broker down): keep that off the
                    // event loop. The acknowledgement completes the future on the producer's single network thread;
                    // the rest of the answer is built elsewhere, so that thread goes back to sending at once.
                    return Mono.fromFuture(() -> kafka.send(record))
                            .subscribeOn(Schedulers.boundedElastic())
                            .timeout(timeout)
                            .publishOn(Schedulers.parallel());
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
