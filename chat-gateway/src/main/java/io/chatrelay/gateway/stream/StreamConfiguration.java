package io.chatrelay.gateway.stream;

import io.chatrelay.common.naming.RedisKeys;
import io.chatrelay.common.naming.TopicNames;
import io.chatrelay.gateway.consume.ConsumerLoop;
import io.chatrelay.gateway.topics.TopicReplication;
import io.micrometer.common.KeyValue;
import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationFilter;
import io.micrometer.observation.ObservationPredicate;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.observation.ServerHttpObservationDocumentation;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

@Configuration(proxyBeanMethods = false)
class StreamConfiguration {

    /** What the {@code uri} of a {@code POST} answered with an event stream has appended in the HTTP server timers. */
    private static final String STREAMED_POST_SUFFIX = " (event stream)";

    private static final KeyName URI = ServerHttpObservationDocumentation.LowCardinalityKeyNames.URI;

    /** Created when missing, so the relay can assign its partitions before any worker ran. */
    @Bean
    NewTopic chatEventsTopic(TopicNames topics, StreamProperties properties, TopicReplication replication) {
        return replication
                .apply(TopicBuilder.name(topics.events()).partitions(properties.eventPartitions()))
                .build();
    }

    /**
     * No HTTP server observation (a timer and a span) for a request's event stream: it lasts as long as its chat, so
     * its duration tells nothing a latency bucket could, and the observation cost a span and a timer update per
     * stream. {@code chatrelay.gateway.stream.subscribers} counts the open streams instead. The observation starts
     * before a handler is chosen, so the request is matched against the endpoint's own pattern.
     */
    @Bean
    ObservationPredicate noObservationOfEventStreams() {
        PathPattern events = PathPatternParser.defaultInstance.parse(EventStreamController.PATH);
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && request.getCarrier().getMethod() == HttpMethod.GET
                && events.matches(request.getCarrier().getPath().pathWithinApplication()));
    }

    /**
     * A {@code POST} answered with its request's event stream is timed under a {@code uri} of its own ({@value
     * #STREAMED_POST_SUFFIX} appended): its duration is its chat's, which would otherwise swamp the accept latency of
     * the plain {@code POST}s under the same {@code uri}. It still counts as an accepted chat.
     */
    @Bean
    ObservationFilter streamedPostsTimedApart() {
        return context -> {
            if (context instanceof ServerRequestObservationContext request
                    && request.getCarrier().getMethod() == HttpMethod.POST
                    && request.getResponse() != null
                    && MediaType.TEXT_EVENT_STREAM.isCompatibleWith(
                            request.getResponse().getHeaders().getContentType())) {
                KeyValue uri = context.getLowCardinalityKeyValue(URI.asString());
                if (uri != null) {
                    context.addLowCardinalityKeyValue(URI.withValue(uri.getValue() + STREAMED_POST_SUFFIX));
                }
            }
            return context;
        };
    }

    @Bean
    SubscriberRegistry subscriberRegistry(StreamProperties properties, MeterRegistry meters) {
        SubscriberRegistry registry = new SubscriberRegistry(properties.subscriberBuffer());
        Gauge.builder("chatrelay.gateway.stream.subscribers", registry, SubscriberRegistry::size)
                .description("Open SSE connections of this instance")
                .register(meters);
        return registry;
    }

    /**
     * The relay's loop; as a health indicator ({@code eventRelay}) it is DOWN while the relay is not reading. Starts
     * before the web server, so that normally no SSE connection is served before the relay reads events.
     */
    @Bean
    ConsumerLoop<Void, ByteBuffer> eventRelay(
            KafkaProperties kafka, TopicNames topics, StreamProperties properties, SubscriberRegistry registry) {
        Map<String, Object> consumerProperties = EventRelay.consumerProperties(kafka.buildConsumerProperties());
        return new ConsumerLoop<>(
                "chat-events-relay",
                () -> EventRelay.consumer(consumerProperties),
                new EventRelay(topics.events(), properties.pollTimeout(), registry),
                SmartLifecycle.DEFAULT_PHASE - 4096);
    }

    @Bean
    EventHistory eventHistory(ReactiveStringRedisTemplate redis, RedisKeys keys) {
        return new EventHistory(redis, keys);
    }

    @Bean
    RequestEnds requestEnds(SubscriberRegistry registry, EventHistory history) {
        return new RequestEnds(registry, history);
    }

    @Bean
    EventStream eventStream(SubscriberRegistry registry, EventHistory history, StreamProperties properties) {
        return new EventStream(registry, history, properties.heartbeat(), properties.silenceRecheck());
    }
}
