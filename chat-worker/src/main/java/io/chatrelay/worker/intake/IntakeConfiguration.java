package io.chatrelay.worker.intake;

import io.chatrelay.worker.WorkerProperties;
import io.chatrelay.worker.lifecycle.ChatProcessor;
import io.chatrelay.worker.retry.OutageGuard;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;

/** The listener container for {@code chat.requests} and the window behind it. */
@Configuration(proxyBeanMethods = false)
class IntakeConfiguration {

    @Bean
    RequestWindow requestWindow(
            ChatProcessor processor,
            ObjectProvider<KafkaListenerEndpointRegistry> registry,
            WorkerProperties worker,
            OutageGuard outage,
            MeterRegistry meters) {
        RequestWindow window = new RequestWindow(
                processor,
                () -> registry.getObject().getListenerContainer(RequestListener.ID),
                worker.maxInFlight(),
                worker.resumeBelow());
        outage.onChange(window::upstreamDown);
        Gauge.builder("chatrelay.worker.upstream.down", outage, o -> o.down() ? 1 : 0)
                .description("1 while the upstream counts as down and intake is paused")
                .register(meters);
        Gauge.builder(
                        "chatrelay.worker.upstream.window.calls",
                        outage,
                        o -> o.window().calls())
                .description("Upstream calls in the outage guard's window")
                .register(meters);
        Gauge.builder(
                        "chatrelay.worker.upstream.window.failures",
                        outage,
                        o -> o.window().failures())
                .description("Upstream calls in the outage guard's window that failed transiently")
                .register(meters);
        Gauge.builder("chatrelay.worker.inflight", window, RequestWindow::inFlight)
                .description("Requests running or waiting in this worker")
                .register(meters);
        return window;
    }

    @Bean
    RequestListener requestListener(RequestWindow window) {
        return new RequestListener(window);
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> requestListenerFactory(
            KafkaProperties kafka, RequestWindow window, WorkerProperties worker, MeterRegistry meters) {
        Map<String, Object> config = kafka.buildConsumerProperties();
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        // Bytes, not objects: a record that does not parse must reach the dead-letter topic as it was.
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // One poll never hands over more than the window holds, so the pause is never far behind the limit.
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Math.max(1, Math.min(500, worker.maxInFlight())));
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory =
                new ConcurrentKafkaListenerContainerFactory<>();
        DefaultKafkaConsumerFactory<String, byte[]> consumers = new DefaultKafkaConsumerFactory<>(config);
        // A factory of our own gets no client metrics from Boot: the consumer lag on /actuator/prometheus comes from
        // here.
        consumers.addListener(new MicrometerConsumerListener<>(meters));
        factory.setConsumerFactory(consumers);
        ContainerProperties properties = factory.getContainerProperties();
        // Acks come from the window, in offset order, once the contiguous prefix has finished.
        properties.setAckMode(ContainerProperties.AckMode.MANUAL);
        // A paused consumer still polls; resume() only takes effect when that poll returns, so a short poll keeps
        // the window refilling within a tenth of a second instead of the default five.
        properties.setPollTimeout(100);
        properties.setConsumerRebalanceListener(window);
        // Offsets only move forward and a request's lease and journal make a redelivery harmless, so the listener
        // thread does not wait for each commit's round trip.
        properties.setSyncCommits(false);
        // No observation per record: the trace a request's record carries goes onto its events, its dead letter and
        // its log lines by hand (ChatProcessor, EventFeed), without a span of the worker's own.
        return factory;
    }

    /**
     * Graceful shutdown, before the listener container stops (a later phase stops earlier) so the acknowledgments
     * of what finishes while draining still reach Kafka.
     */
    @Bean
    Drain drain(RequestWindow window, WorkerProperties worker) {
        return new Drain(window, worker);
    }

    static final class Drain implements SmartLifecycle {
        private final RequestWindow window;
        private final WorkerProperties worker;
        private volatile boolean running;

        Drain(RequestWindow window, WorkerProperties worker) {
            this.window = window;
            this.worker = worker;
        }

        @Override
        public void start() {
            running = true;
            window.open();
        }

        @Override
        public void stop() {
            running = false;
            window.shutDown(worker.drainTimeout());
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return AbstractMessageListenerContainer.DEFAULT_PHASE + 1;
        }
    }
}
